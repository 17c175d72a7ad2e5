from django.utils import timezone
from django_tasks import task


@task()
def heartbeat() -> str:
    """A no-op task the worker runs at start-up, so the health page can show it works."""
    return timezone.now().isoformat()



@task()
def send_email(subject: str, body: str, addresses: list[str]) -> int:
    """A notification e-mail queued after commit by mangxanh.core.notify; returns messages sent."""
    from mangxanh.core.notify import send_now

    return send_now(subject, body, addresses)
