"""The navigation menu, filtered by what the person may do. Apps register their own entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    visible: Callable[[object], bool]
    order: int = 100
    # Under «Thêm» rather than in the top row: the top row holds the daily work and fits one line.
    more: bool = False

    @property
    def in_more(self) -> bool:
        # Administration (units, people, logs, one's own account) always sits under «Thêm».
        return self.more or self.order >= MORE_FROM_ORDER


MORE_FROM_ORDER = 80
_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def entries_for(request) -> list[NavEntry]:
    return sorted((e for e in _entries if e.visible(request)), key=lambda e: e.order)


def split_entries(entries: list[NavEntry]) -> tuple[list[NavEntry], list[NavEntry]]:
    """(top row, «Thêm» group)."""
    return [e for e in entries if not e.in_more], [e for e in entries if e.in_more]
