"""The chain head kept outside the database, so deleting the newest entries is caught too.

A hash chain alone cannot show that its newest entries were deleted: the shorter chain is still
consistent. After every commit that appended entries, the head (seq, hash) and the hash of
entry #1 (which names the chain) are written to a small file under ``AUDIT_HEAD_DIR``, one file
per database. ``verify`` then requires that head to be in the chain. The file only lags behind
the chain (written after commit, never rolled forward by a rolled-back append), so a clean log
never fails against it. It is no substitute for ``audit anchor`` onto storage the database
administrators cannot rewrite, but it catches a row deleted with a plain SQL client.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)
_LINE_RE = re.compile(r"^(\d+) ([0-9a-f]{64}) ([0-9a-f]{64})\s*$")


@dataclass(frozen=True)
class Head:
    seq: int
    entry_hash: str
    genesis: str  # entry_hash of #1: which chain this head belongs to


def head_path(using: str = "default") -> Path | None:
    """The head file of this database, or None when AUDIT_HEAD_DIR is not set."""
    directory = getattr(settings, "AUDIT_HEAD_DIR", None)
    if not directory:
        return None
    conn = connections[using]
    db = conn.settings_dict
    identity = f"{conn.vendor}|{db.get('HOST') or ''}|{db.get('PORT') or ''}|{db.get('NAME') or ''}"
    return Path(directory) / f"{hashlib.sha256(identity.encode()).hexdigest()[:16]}.head"


def read_head(path: Path | None) -> Head | None:
    if path is None:
        return None
    try:
        match = _LINE_RE.match(path.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError):
        return None
    return Head(int(match[1]), match[2], match[3]) if match else None


def record_head(using: str = "default") -> None:
    """Write the committed head of the chain to its file (called on commit; never raises)."""
    from mangxanh.audit.models import AuditEntry

    path = head_path(using)
    if path is None:
        return
    try:
        entries = AuditEntry.objects.using(using)
        head = entries.order_by("-seq").values_list("seq", "entry_hash").first()
        genesis = entries.filter(seq=1).values_list("entry_hash", flat=True).first()
        if head is None or genesis is None:
            return
        current = read_head(path)
        # Concurrent writers may race; keep the newer head of the same chain. A new genesis
        # means the database was recreated: its chain replaces the old file.
        if current and current.genesis == genesis and current.seq >= head[0]:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # per process and thread
        tmp.write_text(f"{head[0]} {head[1]} {genesis}\n", encoding="ascii")
        os.replace(tmp, path)
    except Exception:  # after commit: a failed head file must not fail the request
        log.warning("could not write the audit head file %s", path, exc_info=True)
