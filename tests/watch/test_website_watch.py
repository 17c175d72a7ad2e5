"""Checking a registered website against its baseline: what is recorded, what opens an incident."""

from __future__ import annotations

import pytest

from mangxanh.scanning.models import Scan
from mangxanh.watch.checks import check_site, site_for
from mangxanh.watch.models import IncidentKind, PageBaseline, PageChange, SecurityIncident, Severity

pytestmark = pytest.mark.django_db


def baseline(website):
    site = site_for(website)
    first = check_site(site)
    assert first.ok and first.pages_checked == 4 and first.incidents_opened == 0
    return site


def kinds(check):
    return sorted({f["kind"] for f in check.findings})


def test_first_check_records_availability_headers_and_a_baseline(website):
    site = baseline(website)
    check = site.checks.first()
    assert check.status_code == 200 and check.response_ms is not None
    assert "x-frame-options" in check.headers_present and "content-security-policy" in check.headers_missing
    assert "strict-transport-security" not in check.headers_missing  # http fixture: HSTS does not apply
    assert PageBaseline.objects.filter(site=site).count() == 4
    snap = PageBaseline.objects.get(site=site, url=site.base_url).snapshot
    assert snap["sha256"] and "Trường THCS Bến Thủy" in snap["title"]
    assert any(link["href"] == "https://nghean.edu.vn/" for link in snap["links"])
    assert snap["scripts"] and snap["hidden_text"]  # the mobile menu is hidden, and known


def test_unchanged_site_raises_nothing(website):
    site = baseline(website)
    again = check_site(site)
    assert again.findings == [] and again.incidents_opened == 0
    assert not SecurityIncident.objects.exists()


def test_hidden_gambling_link_becomes_a_high_incident_with_snippet_and_location(website, sites):
    site = baseline(website)
    sites.deface(0, "hidden_gambling")
    check = check_site(site)
    incident = SecurityIncident.objects.get()
    assert incident.kind == IncidentKind.HARMFUL_CONTENT and incident.severity == Severity.HIGH
    assert "drugs_gambling" in incident.categories
    assert "nha-cai-uy-tin.example" in incident.after_snippet and "nhà cái uy tín" in incident.after_snippet
    assert incident.location == "html > body > footer > div > a"
    assert incident.page_url == site.base_url and incident.unit == website.unit
    assert len(incident.before_sha256) == 64 and len(incident.after_sha256) == 64
    assert incident.before_sha256 != incident.after_sha256
    assert check.incidents_opened == 1
    # The scan went the one scan path: a PageChange with a stored Scan and findings.
    change = PageChange.objects.get(check_run=check)
    scan = Scan.objects.for_item(change).get()
    assert scan.verdict in ("review", "block") and scan.findings.exists()


def test_incident_is_not_opened_twice_and_the_clean_baseline_is_kept(website, sites):
    site = baseline(website)
    before = PageBaseline.objects.get(site=site, url=site.base_url).sha256
    sites.deface(0, "hidden_gambling")
    check_site(site)
    second = check_site(site)
    assert SecurityIncident.objects.count() == 1 and second.incidents_opened == 1
    assert PageBaseline.objects.get(site=site, url=site.base_url).sha256 == before


def test_link_hidden_by_an_injected_style_block(website, sites):
    site = baseline(website)
    sites.deface(0, "css_hidden")
    check_site(site)
    incident = SecurityIncident.objects.get()
    assert "casino-online.example" in incident.after_snippet and incident.location.endswith("div.seo-lk > a")


def test_foreign_script_and_iframe_are_injected_code(website, sites):
    site = baseline(website)
    sites.deface(0, "foreign_script")
    check_site(site)
    sites.deface(0, "iframe")
    check_site(site)
    found = SecurityIncident.objects.order_by("pk")
    assert [i.kind for i in found] == [IncidentKind.INJECTED_CODE, IncidentKind.INJECTED_CODE]
    assert "cdn-evil.example/x.js" in found[0].after_snippet and "ads.example/frame" in found[1].after_snippet


def test_gambling_text_in_the_news_page(website, sites):
    site = baseline(website)
    sites.deface(0, "gambling_text")
    check = check_site(site)
    incident = SecurityIncident.objects.get()
    assert "changed_text" in kinds(check) and incident.kind == IncidentKind.HARMFUL_CONTENT
    assert "game bài đổi thưởng" in incident.after_snippet and incident.page_url.endswith("/tin-tuc/")


def test_ordinary_news_and_a_new_visible_link_are_recorded_not_incidents(website, sites):
    site = baseline(website)
    sites.deface(0, "school_news")
    check = check_site(site)
    assert kinds(check) == ["changed_text"] and check.incidents_opened == 0
    sites.deface(0, "outbound_link")
    check = check_site(site)
    assert "new_outbound_link" in kinds(check) and not SecurityIncident.objects.exists()


def test_redirect_off_the_host_is_an_incident(website, sites):
    site = baseline(website)
    sites.redirect[0] = "https://trang-gia-mao.example/"
    check = check_site(site)
    assert not check.ok
    incident = SecurityIncident.objects.get()
    assert incident.kind == IncidentKind.REDIRECT and incident.after_snippet == "https://trang-gia-mao.example/"


def test_site_down_is_recorded_without_an_incident(website, sites):
    site = baseline(website)
    sites.down.add(0)
    check = check_site(site)
    assert not check.ok and check.status_code == 500 and "500" in check.error
    assert not SecurityIncident.objects.exists()
    site.refresh_from_db()
    assert site.last_ok is False


def test_already_defaced_site_is_not_taken_as_clean_on_the_first_check(website, sites):
    sites.deface(0, "hidden_gambling")
    check_site(site_for(website))
    assert SecurityIncident.objects.get().kind == IncidentKind.HARMFUL_CONTENT


def test_a_site_on_a_private_address_is_refused_without_the_allow_list(website, settings):
    settings.WATCH_ALLOW_HOSTS = []
    check = check_site(site_for(website))
    assert not check.ok and "mạng nội bộ" in check.error


def test_new_link_to_a_look_alike_of_a_registered_channel_is_an_incident(website, sites):
    from mangxanh.review.models import OfficialChannel

    OfficialChannel.objects.create(unit=website.unit, kind="website", name="Cổng thông tin THCS Bến Thủy",
                                   address="https://thcsbenthuy.edu.vn")
    site = baseline(website)
    sites.deface(0, "lookalike_link")
    check_site(site)
    incident = SecurityIncident.objects.get()
    assert incident.kind == IncidentKind.LOOKALIKE_LINK and "thcsbenthuy.vn.com" in incident.after_snippet
    assert "giả mạo kênh Cổng thông tin THCS Bến Thủy" in incident.title


def test_a_new_incident_notifies_the_units_leaders(website, sites, django_capture_on_commit_callbacks):
    from mangxanh.review.models import Notification

    site = baseline(website)
    sites.deface(0, "hidden_gambling")
    with django_capture_on_commit_callbacks(execute=True):
        check_site(site)
    notified = Notification.objects.filter(kind="security").values_list("user__username", flat=True)
    assert {"thcs.quantri", "thcs.hieutruong"} <= set(notified)


def test_new_unknown_page_is_found_and_scanned(website, sites):
    site = baseline(website)
    sites.deface(0, "new_page")
    check = check_site(site)
    new_pages = [f for f in check.findings if f["kind"] == "new_page"]
    assert [f["page_url"] for f in new_pages] == [site.base_url + "khuyen-mai/"]
    incident = SecurityIncident.objects.get(page_url=site.base_url + "khuyen-mai/")
    assert incident.kind == IncidentKind.HARMFUL_CONTENT and "Nhà cái uy tín" in incident.after_snippet
    # the page that raised an incident gets no baseline: it stays 'new' until someone looks
    assert not PageBaseline.objects.filter(url=site.base_url + "khuyen-mai/").exists()


def test_documents_are_not_fetched_as_pages(website, sites):
    sites.paths.clear()
    baseline(website)
    assert not any(path.endswith(".pdf") for path in sites.paths)
    assert any(path.endswith("/lien-he/") for path in sites.paths)
