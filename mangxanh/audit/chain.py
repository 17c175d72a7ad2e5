"""Appending to and verifying the hash chain.

entry_hash = SHA-256 of a canonical JSON object of the entry's fields (HASHED_FIELDS)
including prev_hash, the entry_hash of the entry before it (GENESIS for the first).

Appends are serialised so two writers never read the same chain head: on PostgreSQL
a transaction-level advisory lock (held to the end of the surrounding transaction,
so an audited change and its entry commit or roll back together); SQLite already
allows one writer at a time (settings start every transaction IMMEDIATE).
Per append: the lock, one indexed SELECT of the head, one INSERT. The head is read in a
statement after the lock so it sees the last writer's commit (READ COMMITTED, Django's
default); the unique seq is the backstop: a stale head fails loudly, never forks.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction
from django.utils import timezone

from mangxanh.audit.head import HeadState, head_path, inspect_head, record_head
from mangxanh.audit.middleware import current
from mangxanh.audit.models import AuditEntry
from mangxanh.core.text import storable

GENESIS = "0" * 64
# Arbitrary constant: the advisory-lock key of the one chain (must not clash with other apps' keys).
ADVISORY_LOCK_KEY = 0x6D78_6175_6474  # "mxaudt"
HASHED_FIELDS = (
    "seq",
    "timestamp",
    "actor_id",
    "actor_username",
    "actor_ip",
    "unit_id",
    "unit_path",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "message",
    "prev_hash",
)
MAX_TEXT = 2000
MASK = "***"


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Any = _Default()


def clean_text(value: Any, limit: int = MAX_TEXT) -> str:
    """Text that every database stores and reads back unchanged: no NUL, no lone surrogates, bounded."""
    text = "" if value is None else str(value)
    text = storable(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def jsonable(value: Any) -> Any:
    """A JSON value that round-trips identically through SQLite JSON and PostgreSQL jsonb."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k, 200): jsonable(v) for k, v in value.items()}
    # Floats, decimals, dates, UUIDs, files: their text form (floats' NaN is not JSON).
    return clean_text(value)


def canonical(fields: dict[str, Any]) -> bytes:
    data = {name: fields[name] for name in HASHED_FIELDS}
    ts = data["timestamp"]
    data["timestamp"] = ts.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compute_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


def clean_ip(value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        return ""


def _lock_chain(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    # SQLite: the IMMEDIATE transaction already holds the database's single write lock.


def _resolve_unit(unit: Any) -> tuple[int | None, str]:
    if unit is None:
        return None, ""
    if hasattr(unit, "path") and hasattr(unit, "pk"):
        return unit.pk, unit.path
    from mangxanh.org.models import Unit

    path = Unit.objects.filter(pk=unit).values_list("path", flat=True).first()
    return int(unit), path or ""


def append(
    action: str,
    *,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    object_repr: str = "",
    changes: dict | None = None,
    message: str = "",
    unit: Any = DEFAULT,
    actor: Any = DEFAULT,
    ip: Any = DEFAULT,
) -> AuditEntry:
    """Add one entry at the head of the chain and return it.

    actor, ip and unit default to the request's audit context (see middleware);
    unit defaults to the unit the object belongs to when obj is a registered model.
    """
    ctx = current()
    if actor is DEFAULT:
        actor_id, username = ctx.user_id, ctx.username
    elif actor is None:
        actor_id, username = None, ""
    else:
        actor_id, username = actor.pk, actor.get_username()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id not in ("", None) else obj.pk
        object_repr = object_repr or _safe_str(obj)
    if unit is DEFAULT:
        unit = _unit_of(obj) if obj is not None else DEFAULT
    if unit is DEFAULT:
        unit_id, unit_path = ctx.unit_id, ctx.unit_path
    else:
        unit_id, unit_path = _resolve_unit(unit)

    entry = AuditEntry(
        timestamp=timezone.now(),
        actor_id=actor_id,
        actor_username=clean_text(username, 150),
        actor_ip=clean_ip(ctx.ip_address if ip is DEFAULT else ip),
        unit_id=unit_id,
        unit_path=clean_text(unit_path, 255),
        action=clean_text(action, 40),
        object_type=clean_text(object_type, 100),
        object_id=clean_text("" if object_id is None else object_id, 64),
        object_repr=clean_text(object_repr, 200),
        changes=jsonable(changes or {}),
        message=clean_text(message),
    )
    using = router.db_for_write(AuditEntry)
    waiting = _deferred.get()
    if waiting is not None and waiting[0] == using:
        waiting[1].append(entry)  # written by deferred() at the end of its block, same transaction
        return entry
    _write([entry], using)
    return entry


def _write(entries: list[AuditEntry], using: str) -> None:
    # No savepoint: if the entry cannot be written, the audited change must not commit either.
    with transaction.atomic(using=using, savepoint=False):
        _lock_chain(using)
        head = AuditEntry.objects.using(using).order_by("-seq").values_list("seq", "entry_hash").first()
        seq, prev = head if head else (0, GENESIS)
        for entry in entries:
            seq += 1
            entry.seq, entry.prev_hash = seq, prev
            entry.entry_hash = prev = compute_hash(entry.__dict__)
            entry._append_allowed = True
            entry.save(using=using)
    _schedule_head_write(using, new_chain=entries[0].seq == 1)


_deferred: contextvars.ContextVar[tuple[str, list[AuditEntry]] | None] = contextvars.ContextVar(
    "audit_deferred", default=None)


@contextlib.contextmanager
def deferred(using: str = "default") -> Iterator[None]:
    """Append the block's entries at its end, together, inside the caller's transaction.

    Use inside transaction.atomic(): the entries still commit or roll back with the change, but
    the chain's lock (which serialises every writer on PostgreSQL until commit) is taken only for
    the last statements instead of the whole block, so concurrent writers (report intake) wait
    for each other for two inserts instead of twenty statements. An exception discards them.
    """
    if _deferred.get() is not None:  # nested: the outer block writes them
        yield
        return
    token = _deferred.set((using, []))
    try:
        yield
        entries = _deferred.get()[1]
    finally:
        _deferred.reset(token)
    if entries:
        _write(entries, using)


def _schedule_head_write(using: str, new_chain: bool) -> None:
    """One head-file write after commit, however many entries the transaction appends.

    new_chain: this transaction starts the chain (entry #1), so it may start the head file.
    """
    pending = connections[using].run_on_commit  # (savepoint ids, callback, robust) of this transaction
    if any(getattr(item[1], "audit_head", False) for item in pending):
        return
    callback = functools.partial(record_head, using, new_chain=new_chain)
    callback.audit_head = True  # type: ignore[attr-defined]
    transaction.on_commit(callback, using=using)


def _safe_str(obj: Any) -> str:
    from mangxanh.audit.registry import safe_repr

    try:
        neutral = safe_repr(obj)  # a record with sensitive fields may quote them in str()
        return neutral if neutral is not None else str(obj)
    except Exception:  # a broken __str__ must not stop the audit
        return f"{obj._meta.label_lower}:{obj.pk}"


def _unit_of(obj: Any) -> Any:
    from mangxanh.audit.registry import unit_of

    return unit_of(obj)


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    seq: int
    entry_id: int | None
    timestamp: dt.datetime | None
    kind: str  # "edited", "gap", "unlinked", "start", "anchor", "head"
    text: str


@dataclass
class VerifyResult:
    count: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[Problem] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _when(ts: dt.datetime | None) -> str:
    return timezone.localtime(ts).strftime("%H:%M:%S %d/%m/%Y") if ts else "?"


def _describe(row: dict) -> str:
    return f"Bản ghi #{row['seq']} (id {row['id']}, lúc {_when(row['timestamp'])})"


def iter_problems(using: str = "default", chunk_size: int = 2000) -> Iterator[tuple[dict, Problem | None]]:
    """Walk the chain in sequence order; yields (row, problem-or-None) for every problem found."""
    prev: dict | None = None
    rows = AuditEntry.objects.using(using).order_by("seq").values("id", *HASHED_FIELDS, "entry_hash")
    for row in rows.iterator(chunk_size=chunk_size):
        where = _describe(row)
        if prev is None:
            if row["seq"] != 1:
                yield row, Problem(
                    row["seq"], row["id"], row["timestamp"], "start",
                    f"{where}: chuỗi không bắt đầu từ #1, đã mất {row['seq'] - 1} bản ghi đầu tiên.",
                )
            elif row["prev_hash"] != GENESIS:
                yield row, Problem(
                    row["seq"], row["id"], row["timestamp"], "unlinked",
                    f"{where}: bản ghi đầu tiên không trỏ về gốc của chuỗi.",
                )
        else:
            if row["seq"] != prev["seq"] + 1:
                missing = row["seq"] - prev["seq"] - 1
                yield row, Problem(
                    row["seq"], row["id"], row["timestamp"], "gap",
                    f"{where}: thiếu {missing} bản ghi giữa #{prev['seq']} và #{row['seq']} (đã bị xoá).",
                )
            elif row["prev_hash"] != prev["entry_hash"]:
                yield row, Problem(
                    row["seq"], row["id"], row["timestamp"], "unlinked",
                    f"{where}: không nối với bản ghi #{prev['seq']} đứng trước "
                    "(bản ghi trước bị sửa mã băm, bị thay thế hoặc bị đổi thứ tự).",
                )
        if compute_hash(row) != row["entry_hash"]:
            yield row, Problem(
                row["seq"], row["id"], row["timestamp"], "edited",
                f"{where}: nội dung đã bị sửa (mã băm không khớp).",
            )
        prev = row
        yield row, None


_DAMAGED = (HeadState.EMPTY, HeadState.GARBLED, HeadState.UNREADABLE)
_HEAD_FILE_TEXT = {
    HeadState.MISSING: "không còn",
    HeadState.EMPTY: "bị rỗng",
    HeadState.GARBLED: "bị hỏng (không đúng dạng “<số thứ tự> <mã băm> <mã băm bản ghi #1>”)",
    HeadState.UNREADABLE: "không đọc được",
}


def _head_file_problem(path, state: str, rows: int) -> Problem:
    return Problem(
        0, None, None, "head",
        f"Tệp đầu chuỗi {path} {_HEAD_FILE_TEXT[state]}"
        + (f" trong khi nhật ký có {rows} bản ghi: không thể biết các bản ghi mới nhất có bị xoá hay không. "
           if rows else ". ")
        + "Nếu đã đối chiếu với neo lưu ở nơi khác, ghi lại tệp bằng “mangxanh audit head --write”.",
    )


def verify(anchors: list[tuple[int, str]] | None = None, using: str = "default", *,
           head_file: bool = True) -> VerifyResult:
    """Check the whole chain, that each anchor (seq, hash recorded elsewhere) is still in it, and
    that the head last written to the head file (see head.py) is still in it. head_file=False
    skips the file (only to write it again, ``audit head --write``)."""
    result = VerifyResult(problems=[])
    wanted = dict(anchors or [])
    seen: dict[int, str] = {}
    path = head_path(using) if head_file else None
    state, recorded = inspect_head(path)
    genesis = found = None
    rows = 0  # entries read
    for row, problem in iter_problems(using):
        rows += problem is None
        if row["seq"] == 1:
            genesis = row["entry_hash"]
        if recorded and row["seq"] == recorded.seq:
            found = row["entry_hash"]
        if problem is not None:
            result.problems.append(problem)
            continue
        result.count += 1
        result.head_seq, result.head_hash = row["seq"], row["entry_hash"]
        if row["seq"] in wanted:
            seen[row["seq"]] = row["entry_hash"]
    if state in _DAMAGED or (state == HeadState.MISSING and rows):
        # A commit never leaves the file like this; only a new, empty database has none yet.
        result.problems.append(_head_file_problem(path, state, rows))
    elif recorded and genesis is not None and genesis != recorded.genesis:
        result.problems.append(Problem(
            1, None, None, "head",
            f"Tệp đầu chuỗi {path} ghi một chuỗi khác: bản ghi #1 hiện tại không phải bản ghi #1 đã ghi "
            "(nhật ký bị viết lại từ đầu, hoặc tệp thuộc một cơ sở dữ liệu khác).",
        ))
    elif recorded:
        if found is None:
            first = result.head_seq + 1
            lost = f"bản ghi #{first}" if first >= recorded.seq else f"các bản ghi từ #{first} đến #{recorded.seq}"
            result.problems.append(Problem(
                recorded.seq, None, None, "head",
                f"Bản ghi #{recorded.seq} đã được ghi là đầu chuỗi nhưng không còn trong nhật ký: {lost} đã bị xoá.",
            ))
        elif found != recorded.entry_hash:
            result.problems.append(Problem(
                recorded.seq, None, None, "head",
                f"Bản ghi #{recorded.seq} có mã băm khác với đầu chuỗi đã ghi (bị sửa hoặc thay thế).",
            ))
    for seq, expected in sorted(wanted.items()):
        if seq not in seen:
            result.problems.append(
                Problem(seq, None, None, "anchor", f"Bản ghi #{seq} đã được neo nhưng không còn trong nhật ký (bị xoá).")
            )
        elif seen[seq] != expected:
            result.problems.append(
                Problem(seq, None, None, "anchor", f"Bản ghi #{seq} có mã băm khác với mã đã neo (bị sửa hoặc thay thế).")
            )
    return result
