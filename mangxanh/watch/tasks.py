"""Background work: one website check per task, so several workers share the sites."""

from __future__ import annotations

from django_tasks import task


@task()
def check_website(channel_id: int) -> str:
    from mangxanh.watch.checks import check_site, site_for, websites

    channel = websites().select_related("unit").filter(pk=channel_id).first()
    if channel is None:
        return "missing"
    check = check_site(site_for(channel))
    return f"ok={check.ok} incidents={check.incidents_opened}"


@task()
def check_all_websites() -> int:
    """The periodic entry point: enqueue one check per registered website."""
    from mangxanh.watch.checks import websites

    count = 0
    for channel_id in websites().values_list("pk", flat=True):
        check_website.enqueue(channel_id)
        count += 1
    return count
