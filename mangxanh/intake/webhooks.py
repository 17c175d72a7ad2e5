"""Signed webhooks to partners: every state change of a partner's report (report.state_changed, with the
state after the change) and takedown requests, which go to the platform concerned only (takedown.requested).

Signature: hex HMAC-SHA256 over "<timestamp>.<body>" with the key's webhook secret, sent as
`X-MangXanh-Signature: sha256=<hex>` with `X-MangXanh-Timestamp: <unix seconds>`; a partner
recomputes it and refuses old timestamps, so a captured call cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.request

from django.utils import timezone

from mangxanh.core.notify import after_commit
from mangxanh.intake.models import ApiKey, Case, TakedownRequest, WebhookDelivery

MAX_ATTEMPTS = 6


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


STATE_CHANGED = "report.state_changed"
TAKEDOWN_REQUESTED = "takedown.requested"


def _queue(key: ApiKey, event: str, payload: dict) -> WebhookDelivery:
    from mangxanh.intake.tasks import deliver_webhook

    delivery = WebhookDelivery.objects.create(api_key=key, event=event, payload=payload,
                                              next_attempt_at=timezone.now())
    delivery.payload = {**payload, "delivery_id": delivery.pk}
    delivery.save(update_fields=["payload"])
    after_commit(deliver_webhook, delivery.pk)  # never inside the decision's transaction
    return delivery


def notify_state_change(case: Case, *, previous_state: str) -> list[WebhookDelivery]:
    """One delivery per partner key with a report in this case, carrying the state after the change."""
    keys = ApiKey.objects.filter(reports__case=case).exclude(webhook_url="").distinct()
    made = []
    for key in keys:
        refs = list(case.reports.filter(api_key=key).values_list("code", "external_ref"))
        made.append(_queue(key, STATE_CHANGED, {
            "event": STATE_CHANGED,
            "at": timezone.now().isoformat(),
            "state": case.state,
            "previous_state": previous_state,
            "status_message": case.public_state,
            "closure_reason": case.closure_reason,
            "reports": [{"code": code, "external_ref": ref} for code, ref in refs],
        }))
    return made


def notify_platform(takedown: TakedownRequest) -> list[WebhookDelivery]:
    """A takedown request goes to the platform it is addressed to (its keys with a webhook), nobody else."""
    platform = takedown.agency
    keys = ApiKey.objects.filter(platform=platform, revoked_at__isnull=True).exclude(webhook_url="")
    return [_queue(key, TAKEDOWN_REQUESTED, {
        "event": TAKEDOWN_REQUESTED,
        "at": takedown.sent_at.isoformat(),
        "platform": {"code": platform.code, "name": platform.name},
        "takedown_id": takedown.pk,
        "url": takedown.url,
    }) for key in keys]


def deliver(delivery: WebhookDelivery, *, timeout: float = 10.0) -> bool:
    """One attempt; True when the partner answered 2xx."""
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        delivery.api_key.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-MangXanh-Event": delivery.event,
            "X-MangXanh-Timestamp": timestamp,
            "X-MangXanh-Signature": "sha256=" + sign(delivery.api_key.webhook_secret, timestamp, body),
        },
    )
    delivery.attempts += 1
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            ok = 200 <= response.status < 300
            result = f"HTTP {response.status}"
            delivery.last_error = "" if ok else result
    except Exception as exc:  # network errors of every kind are retried
        ok = False
        delivery.last_error = result = str(exc)[:500]
    now = timezone.now()
    delivery.history = [*delivery.history, {"at": now.isoformat(), "ok": ok, "result": result[:200]}]
    if ok:
        delivery.delivered_at, delivery.next_attempt_at = now, None
    delivery.save(update_fields=["attempts", "last_error", "delivered_at", "history", "next_attempt_at"])
    return ok
