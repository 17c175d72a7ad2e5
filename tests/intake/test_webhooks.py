"""Signed webhooks to partners (takedown requested, case closed), delivered by a task with retries."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from mangxanh.accounts.models import User
from mangxanh.intake import services
from mangxanh.intake.models import CaseState, Report, WebhookDelivery
from mangxanh.intake.tasks import deliver_webhook
from mangxanh.intake.webhooks import deliver, sign
from tests.intake.conftest import open_cases
from tests.intake.test_api import body


class Receiver(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Receiver.received.append((self.headers, self.rfile.read(length)))
        self.send_response(Receiver.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.received = []
    Receiver.status = 200
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def _report(client, partner, url):
    key, raw = partner
    key.webhook_url = url
    key.save()
    response = client.post("/api/v1/reports", json.dumps(body()), content_type="application/json",
                           HTTP_X_API_KEY=raw)
    open_cases()
    return key, Report.objects.get(code=response.json()["code"])


def test_case_closed_webhook_is_signed(client, partner, receiver, django_capture_on_commit_callbacks):
    key, report = _report(client, partner, receiver)
    officer = User.objects.get(username="thcs.xuly")
    with django_capture_on_commit_callbacks(execute=False):
        services.change_state(report.case, CaseState.VERIFYING, user=officer)
        services.change_state(report.case, CaseState.CLOSED, user=officer, reason="resolved")
    delivery = WebhookDelivery.objects.filter(event="report.state_changed", payload__state="closed").get()
    assert deliver_webhook.call(delivery.pk) == "delivered"
    headers, raw_body = Receiver.received[0]
    expected = hmac.new(key.webhook_secret.encode(), headers["X-MangXanh-Timestamp"].encode() + b"." + raw_body,
                        hashlib.sha256).hexdigest()
    assert headers["X-MangXanh-Signature"] == f"sha256={expected}"
    payload = json.loads(raw_body)
    assert payload["event"] == "report.state_changed" and payload["reports"][0]["external_ref"] == "NT-001"
    assert payload["state"] == "closed" and payload["previous_state"] == "verifying"
    assert payload["closure_reason"] == "resolved"
    assert "contact" not in raw_body.decode()


def test_failed_delivery_is_retried(client, partner, receiver):
    key, report = _report(client, partner, receiver)
    Receiver.status = 500
    delivery = WebhookDelivery.objects.create(api_key=key, event="case.closed", payload={"x": 1})
    assert deliver_webhook.call(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_error == "HTTP Error 500: Internal Server Error"
    Receiver.status = 200
    assert deliver(delivery)
    delivery.refresh_from_db()
    assert delivery.delivered_at and delivery.attempts == 2


def test_signature_function_is_stable():
    assert sign("bi-mat", "1700000000", b"{}") == hmac.new(b"bi-mat", b"1700000000.{}", hashlib.sha256).hexdigest()
