from datetime import timedelta

from django.utils import timezone
from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    from mangxanh.intake.models import WebhookDelivery
    from mangxanh.intake.webhooks import MAX_ATTEMPTS, deliver

    delivery = WebhookDelivery.objects.select_related("api_key").filter(pk=delivery_id).first()
    if delivery is None or delivery.delivered_at:
        return "skip"
    if deliver(delivery):
        return "delivered"
    if delivery.attempts < MAX_ATTEMPTS:
        # Back off: 1, 2, 4, 8, 16 minutes.
        run_after = timezone.now() + timedelta(minutes=2 ** (delivery.attempts - 1))
        delivery.next_attempt_at = run_after
        delivery.save(update_fields=["next_attempt_at"])
        deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
        return "retry"
    delivery.next_attempt_at, delivery.failed_at = None, timezone.now()
    delivery.save(update_fields=["next_attempt_at", "failed_at"])
    return "failed"


@task()
def escalate_overdue() -> int:
    """Remind before deadlines and escalate missed ones now (`mangxanh intake remind`); the worker's
    scheduler (mangxanh.core.scheduler) also runs the same escalate() every five minutes."""
    from mangxanh.intake.reminders import escalate

    return escalate()


@task()
def send_reporter_notice(notice_id: int) -> str:
    from mangxanh.intake.notify import retry_delay, send

    outcome = send(notice_id)
    if outcome == "retry":
        from mangxanh.intake.models import ReporterNotice

        attempts = ReporterNotice.objects.get(pk=notice_id).attempts
        send_reporter_notice.using(run_after=timezone.now() + retry_delay(attempts)).enqueue(notice_id)
    return outcome


@task()
def open_case(report_id: int) -> str:
    """Group, route and scan a report stored by submit_report (mangxanh.intake.opening)."""
    from mangxanh.intake.opening import open_case as open_it

    case = open_it(report_id)
    return case.number if case is not None else "skip"
