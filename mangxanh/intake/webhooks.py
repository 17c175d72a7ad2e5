"""Signed webhooks to partners: takedown requested, case closed.

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

from django.db import transaction
from django.utils import timezone

from mangxanh.intake.models import ApiKey, Case, WebhookDelivery

MAX_ATTEMPTS = 6


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def notify_partners(case: Case, event: str, extra: dict | None = None) -> list[WebhookDelivery]:
    """Queue one delivery per partner key that sent a report in this case (after commit)."""
    from mangxanh.intake.tasks import deliver_webhook

    keys = ApiKey.objects.filter(reports__case=case).exclude(webhook_url="").distinct()
    made = []
    for key in keys:
        refs = list(case.reports.filter(api_key=key).values_list("code", "external_ref"))
        payload = {
            "event": event,
            "case_state": case.state,
            "reports": [{"code": code, "external_ref": ref} for code, ref in refs],
            "at": timezone.now().isoformat(),
            **(extra or {}),
        }
        delivery = WebhookDelivery.objects.create(api_key=key, event=event, payload=payload)
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))
        made.append(delivery)
    return made


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
            delivery.last_error = "" if ok else f"HTTP {response.status}"
    except Exception as exc:  # network errors of every kind are retried
        ok = False
        delivery.last_error = str(exc)[:500]
    if ok:
        delivery.delivered_at = timezone.now()
    delivery.save(update_fields=["attempts", "last_error", "delivered_at"])
    return ok
