from django_tasks import task

from mangxanh.scanning.models import Scan


@task()
def run_scan(scan_id: int) -> str:
    from mangxanh.scanning.service import perform_scan

    scan = Scan.objects.filter(pk=scan_id).first()
    if scan is None:
        return "missing"
    return perform_scan(scan).status


@task()
def sweep_scans() -> int:
    """Queue again pending scans whose task was lost. The worker's scheduler runs the sweep every
    minute (mangxanh.core.scheduler); this task stays for sweeps queued by older versions."""
    from mangxanh.scanning.sweep import requeue_stuck_scans

    return requeue_stuck_scans()
