"""The periodic check: `mangxanh watch check` and the worker task.

Must hold: an injected hidden gambling link on a fixture page becomes an incident within one
check cycle, with the snippet and its location; an unchanged site raises nothing over 100 cycles.
"""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command

from mangxanh.scanning.models import Scan
from mangxanh.watch.checks import check_site, site_for
from mangxanh.watch.models import PageChange, SecurityIncident, SiteCheck

pytestmark = pytest.mark.django_db


def run_cycle() -> str:
    out = StringIO()
    call_command("watch", "check", "--now", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_injected_hidden_gambling_link_is_an_incident_within_one_cycle(website, sites):
    assert "Đã kiểm tra 1 trang web: 0 không truy cập được, 0 sự cố mới." in run_cycle()
    sites.deface(0, "hidden_gambling")
    assert "1 sự cố mới" in run_cycle()
    incident = SecurityIncident.objects.get()
    assert "nhà cái uy tín" in incident.after_snippet and "nha-cai-uy-tin.example" in incident.after_snippet
    assert incident.location == "html > body > footer > div > a"
    assert incident.page_url == sites.url(0) and incident.channel == website


def test_unchanged_site_raises_nothing_over_100_cycles(website, sites):
    site = site_for(website)
    started = time.monotonic()
    first = check_site(site)  # the baseline; its hidden text (a mobile menu) is scanned once, and is clean
    assert first.ok and first.incidents_opened == 0
    scanned = PageChange.objects.count()
    for _ in range(100):
        check = check_site(site)
        assert check.ok and check.pages_checked == 4 and check.findings == [] and check.incidents_opened == 0
    assert SiteCheck.objects.filter(site=site).count() == 101
    assert not SecurityIncident.objects.exists()
    assert PageChange.objects.count() == scanned  # nothing new was sent to the scanner
    assert time.monotonic() - started < 60


def test_the_worker_task_checks_a_site(website, sites, settings):
    from mangxanh.watch.tasks import check_all_websites, check_website

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    check_all_websites.enqueue()
    assert SiteCheck.objects.filter(site__channel=website).count() == 1
    sites.deface(0, "css_hidden")
    result = check_website.enqueue(website.pk)
    assert result.return_value == "ok=True incidents=1"
    assert check_website.enqueue(999_999).return_value == "missing"


def test_command_queues_without_now(website, sites, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    out = StringIO()
    call_command("watch", "check", stdout=out)
    assert "Đã đưa 1 trang web vào hàng đợi kiểm tra." in out.getvalue()


def test_command_reports_a_site_that_is_down(website, sites):
    sites.down.add(0)
    err = StringIO()
    out = StringIO()
    call_command("watch", "check", "--now", stdout=out, stderr=err)
    assert "1 không truy cập được" in out.getvalue() and "HTTP 500" in err.getvalue()


def test_unknown_unit_code_is_an_error(website, sites):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("watch", "check", "--unit", "KHONG-CO")


def test_prune_keeps_recent_checks_and_checks_with_incidents(website, sites):
    from datetime import timedelta

    from django.utils import timezone

    site = site_for(website)
    check_site(site)  # baseline: scans the hidden menu once (a PageChange with a Scan)
    sites.deface(0, "hidden_gambling")
    check_site(site)  # opens an incident
    sites.restore(0)
    check_site(site)
    SiteCheck.objects.update(started_at=timezone.now() - timedelta(days=40))
    check_site(site)  # recent
    kept = PageChange.objects.filter(check_run__incidents_opened=1).count()
    assert Scan.objects.count() > kept
    out = StringIO()
    call_command("watch", "prune", stdout=out)
    assert "Đã xóa 2 lượt kiểm tra cũ." in out.getvalue()
    assert SiteCheck.objects.count() == 2 and SiteCheck.objects.filter(incidents_opened=1).exists()
    assert Scan.objects.count() == kept  # the baseline's scans went with their check
