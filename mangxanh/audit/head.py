"""The chain head kept outside the database, so deleting the newest entries is caught too.

A hash chain alone cannot show that its newest entries were deleted: the shorter chain is still
consistent. After every commit that appended entries, the head (seq, hash) and the hash of
entry #1 (which names the chain) are written to a small file under ``AUDIT_HEAD_DIR``, one file
per database. ``verify`` then requires that head to be in the chain. The file only lags behind
the chain (written after commit, never rolled forward by a rolled-back append), so a clean log
never fails against it. It is no substitute for ``audit anchor`` onto storage the database
administrators cannot rewrite, but it catches a row deleted with a plain SQL client.

Once the folder is configured the file is required: ``verify`` fails when it is missing, empty,
damaged or names another chain while the log has entries. Only the transaction that appends
entry #1 (a new database) starts a file; a commit never re-creates a lost or damaged one, or
deleting the newest entries together with the file would pass again after the next log-in.
After checking, an operator writes it again with ``mangxanh audit head --write``.
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


class HeadState:
    OFF = "off"  # no folder configured
    MISSING = "missing"
    EMPTY = "empty"
    GARBLED = "garbled"
    UNREADABLE = "unreadable"
    OK = "ok"


def inspect_head(path: Path | None) -> tuple[str, Head | None]:
    """The state of the head file (a HeadState value) and the head it records when it is OK."""
    if path is None:
        return HeadState.OFF, None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return HeadState.MISSING, None
    except OSError:
        return HeadState.UNREADABLE, None
    if not data.strip():
        return HeadState.EMPTY, None
    try:
        match = _LINE_RE.match(data.decode("ascii"))
    except UnicodeDecodeError:
        match = None
    if not match:
        return HeadState.GARBLED, None
    return HeadState.OK, Head(int(match[1]), match[2], match[3])


def read_head(path: Path | None) -> Head | None:
    return inspect_head(path)[1]


def committed_head(using: str = "default") -> Head | None:
    """The chain's newest entry and its #1, as the head file records them (None: no entry #1)."""
    from mangxanh.audit.models import AuditEntry

    entries = AuditEntry.objects.using(using)
    head = entries.order_by("-seq").values_list("seq", "entry_hash").first()
    genesis = entries.filter(seq=1).values_list("entry_hash", flat=True).first()
    if head is None or genesis is None:
        return None
    return Head(head[0], head[1], genesis)


def write_head(path: Path, head: Head) -> None:
    """Replace the file atomically (raises OSError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # per process and thread
    tmp.write_text(f"{head.seq} {head.entry_hash} {head.genesis}\n", encoding="ascii")
    os.replace(tmp, path)


def record_head(using: str = "default", *, new_chain: bool = False) -> None:
    """Write the committed head of the chain to its file (called on commit; never raises).

    new_chain: this transaction appended entry #1 (a new or recreated database), so a missing
    file or another chain's file is replaced; otherwise only a valid file of this chain is moved on.
    """
    path = head_path(using)
    if path is None:
        return
    try:
        head = committed_head(using)
        if head is None:
            return
        state, current = inspect_head(path)
        # Concurrent writers may race; keep the newer head of the same chain.
        if current and current.genesis == head.genesis and current.seq >= head.seq:
            return
        if (current is None or current.genesis != head.genesis) and not new_chain:
            log.error("audit head file %s is %s: not re-created; `audit verify` fails until an operator "
                      "runs `mangxanh audit head --write`", path, state if current is None else "another chain's")
            return
        write_head(path, head)
    except Exception:  # after commit: a failed head file must not fail the request
        log.warning("could not write the audit head file %s", path, exc_info=True)
