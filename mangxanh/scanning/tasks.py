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
    """Every minute: queue again pending scans whose task was lost, then schedule the next sweep."""
    from mangxanh.scanning.sweep import requeue_stuck_scans, schedule_sweep

    try:
        return requeue_stuck_scans()
    finally:
        schedule_sweep()
