from django.utils import timezone
from django_tasks import task


@task()
def heartbeat() -> str:
    """A no-op task the worker runs at start-up, so the health page can show it works."""
    return timezone.now().isoformat()

