"""CSV export of audit entries: UTF-8 with a BOM so Excel shows Vietnamese, safe against formula injection."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.utils import timezone

from mangxanh.audit.models import AuditEntry
from mangxanh.core.spreadsheet import SafeCsvWriter

HEADER = [
    "Số thứ tự",
    "Thời điểm",
    "Người thực hiện",
    "Địa chỉ IP",
    "Đơn vị",
    "Hành động",
    "Loại đối tượng",
    "Mã đối tượng",
    "Đối tượng",
    "Thay đổi",
    "Ghi chú",
    "Mã băm",
]
BOM = "\ufeff"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    return "" if value is None else str(value)  # the writer neutralises formulas


def row_of(entry: AuditEntry) -> list[str]:
    unit = entry.unit.name if entry.unit_id and entry.unit else entry.unit_path
    return [
        str(entry.seq),
        timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M:%S"),
        _cell(entry.actor_display),
        entry.actor_ip,
        _cell(unit),
        _cell(entry.action_display),
        _cell(entry.object_type),
        _cell(entry.object_id),
        _cell(entry.object_repr),
        _cell(json.dumps(entry.changes, ensure_ascii=False, sort_keys=True) if entry.changes else ""),
        _cell(entry.message),
        entry.entry_hash,
    ]


def csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    writer = SafeCsvWriter(_Echo())
    yield BOM + writer.writerow(HEADER)
    for entry in entries:
        yield writer.writerow(row_of(entry))
