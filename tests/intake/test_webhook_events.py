"""Webhooks: one event per state change with the state after it; takedown notices only to the platform
concerned; a delivery log with every attempt for the unit admin."""

from __future__ import annotations

import json

import pytest

from mangxanh.accounts.models import User
from mangxanh.intake import services
from mangxanh.intake.models import Agency, ApiKey, CaseState, Report, WebhookDelivery
from mangxanh.intake.tasks import deliver_webhook
from tests.intake.conftest import open_cases
from tests.intake.test_api import body
from tests.intake.test_webhooks import Receiver, receiver  # noqa: F401


@pytest.fixture
def officer(demo):
    return User.objects.get(username="thcs.xuly")


def _partner_report(client, demo, url, **extra):
    key, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Đối tác báo tin", scopes=["reports:write"], webhook_url=url)
    response = client.post("/api/v1/reports", json.dumps(body(**extra)), content_type="application/json",
                           HTTP_X_API_KEY=raw)
    open_cases()
    return key, Report.objects.get(code=response.json()["code"])


def test_one_event_per_state_change_with_the_state_after_it(client, demo, officer):
    key, report = _partner_report(client, demo, "http://127.0.0.1:9/hook")
    case = report.case
    services.change_state(case, CaseState.VERIFYING, user=officer)
    services.change_state(case, CaseState.HANDED_OVER, user=officer)
    services.change_state(case, CaseState.CLOSED, user=officer, reason="handed_over")
    services.reopen(case, user=officer, reason="Có thông tin mới")
    events = list(WebhookDelivery.objects.filter(api_key=key).order_by("pk"))
    assert [e.event for e in events] == ["report.state_changed"] * 4
    assert [(e.payload["previous_state"], e.payload["state"]) for e in events] == [
        ("new", "verifying"), ("verifying", "handed_over"), ("handed_over", "closed"), ("closed", "verifying")]
    assert events[2].payload["closure_reason"] == "handed_over"
    assert events[0].payload["delivery_id"] == events[0].pk
    assert events[0].payload["reports"] == [{"code": report.code, "external_ref": "NT-001"}]


def test_takedown_notice_goes_only_to_the_platform_it_concerns(client, demo, officer):
    reporter_key, report = _partner_report(client, demo, "http://127.0.0.1:9/partner")
    facebook, tiktok = Agency.objects.get(code="facebook"), Agency.objects.get(code="tiktok")
    fb_key, _ = ApiKey.issue(unit=demo["SGD-SL"], name="Facebook", scopes=[], webhook_url="http://127.0.0.1:9/fb")
    tt_key, _ = ApiKey.issue(unit=demo["SGD-SL"], name="TikTok", scopes=[], webhook_url="http://127.0.0.1:9/tt")
    ApiKey.objects.filter(pk=fb_key.pk).update(platform=facebook)
    ApiKey.objects.filter(pk=tt_key.pk).update(platform=tiktok)
    services.change_state(report.case, CaseState.VERIFYING, user=officer)
    client.force_login(officer)
    client.post(f"/vu-viec/{report.case.pk}/go-bo/", {"agency": facebook.pk, "url": "https://facebook.com/p/1"})
    takedowns = WebhookDelivery.objects.filter(event="takedown.requested")
    assert [d.api_key_id for d in takedowns] == [fb_key.pk]
    payload = takedowns.get().payload
    assert payload["platform"] == {"code": "facebook", "name": facebook.name}
    assert payload["url"] == "https://facebook.com/p/1"
    assert "reports" not in payload  # the platform learns nothing about who reported
    # The reporting partner hears of the state change, not the takedown notice.
    assert set(WebhookDelivery.objects.filter(api_key=reporter_key).values_list("event", flat=True)) == {
        "report.state_changed"}
    assert not WebhookDelivery.objects.filter(api_key=tt_key).exists()


def test_unit_admin_sees_deliveries_and_every_retry(client, demo, officer, receiver):  # noqa: F811
    key, report = _partner_report(client, demo, receiver)
    services.change_state(report.case, CaseState.VERIFYING, user=officer)
    delivery = WebhookDelivery.objects.get(api_key=key)
    Receiver.status = 500
    assert deliver_webhook.call(delivery.pk) == "retry"
    Receiver.status = 200
    assert deliver_webhook.call(delivery.pk) == "delivered"
    delivery.refresh_from_db()
    assert [h["ok"] for h in delivery.history] == [False, True] and delivery.attempts == 2
    client.force_login(User.objects.get(username="so.quantri"))
    html = client.get("/doi-tac/webhook/").content.decode()
    assert "report.state_changed" in html and "Đã gửi lúc" in html
    assert html.count("lỗi (") == 1 and "thành công (HTTP 200)" in html
    # A school's admin sees no delivery of a key that belongs to the Sở.
    client.force_login(User.objects.get(username="thcs.quantri"))
    assert "report.state_changed" not in client.get("/doi-tac/webhook/").content.decode()
    client.force_login(officer)
    assert client.get("/doi-tac/webhook/").status_code == 403


def test_gives_up_after_the_last_attempt_and_says_so(client, demo, officer, receiver):  # noqa: F811
    from mangxanh.intake.webhooks import MAX_ATTEMPTS

    key, report = _partner_report(client, demo, receiver)
    services.change_state(report.case, CaseState.VERIFYING, user=officer)
    delivery = WebhookDelivery.objects.get(api_key=key)
    Receiver.status = 500
    results = [deliver_webhook.call(delivery.pk) for _ in range(MAX_ATTEMPTS)]
    assert results[-1] == "failed"
    delivery.refresh_from_db()
    assert delivery.failed_at and len(delivery.history) == MAX_ATTEMPTS
    client.force_login(User.objects.get(username="so.quantri"))
    assert "Thất bại" in client.get("/doi-tac/webhook/?trang-thai=loi").content.decode()


def test_menu_shows_the_log_to_administrators_whose_units_hold_keys(client, demo):
    client.force_login(User.objects.get(username="so.quantri"))
    assert "/doi-tac/webhook/" not in client.get("/").content.decode()
    ApiKey.issue(unit=demo["SGD-SL"], name="Đối tác", scopes=["reports:write"])
    assert "/doi-tac/webhook/" in client.get("/").content.decode()
    client.force_login(User.objects.get(username="thcs.quantri"))
    assert "/doi-tac/webhook/" not in client.get("/").content.decode()
