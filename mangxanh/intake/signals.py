from django.dispatch import receiver

from mangxanh.intake.models import Report
from mangxanh.scanning.service import scan_completed


@receiver(scan_completed, sender=Report)
def report_scanned(sender, item: Report, scan, **kwargs) -> None:
    from mangxanh.intake.services import reaction_to_scan

    reaction_to_scan(item, scan)
