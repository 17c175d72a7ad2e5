"""Home-page panels: each app registers what a person must do next in its area.

A panel is a function (request) -> Panel | None; it returns None when it has
nothing for this person. Apps register panels in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PanelItem:
    text: str
    url: str = ""
    count: int | None = None
    urgent: bool = False


@dataclass
class Panel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    order: int = 100
    empty_text: str = "Không có việc cần làm."


PanelFunc = Callable[[object], Panel | None]
_registry: list[PanelFunc] = []


def register(func: PanelFunc) -> PanelFunc:
    if func not in _registry:
        _registry.append(func)
    return func


def panels_for(request) -> list[Panel]:
    panels = [p for p in (func(request) for func in _registry) if p is not None]
    return sorted(panels, key=lambda p: p.order)
