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


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def entries_for(request) -> list[NavEntry]:
    return sorted((e for e in _entries if e.visible(request)), key=lambda e: e.order)
