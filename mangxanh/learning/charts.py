"""Horizontal bar charts drawn on the server as SVG (no script, no style attribute: CSP-clean).

Coordinates are passed to the template as ready strings: the Vietnamese locale would print a
float with a decimal comma, which SVG does not read.
"""

from __future__ import annotations

WIDTH = 640
LABEL_WIDTH = 220
BAR_SPACE = 340
ROW = 26
BAR = 16


def _text(value: float, suffix: str) -> str:
    shown = f"{value:.1f}".replace(".", ",") if suffix == "%" else f"{value:g}"
    return f"{shown}{suffix}"


def bar_chart(title: str, rows: list[tuple[str, float]], *, suffix: str = "%", maximum: float | None = None) -> dict:
    """rows: (label, value); bars scale to maximum (100 for percentages, else the largest value)."""
    top = maximum if maximum is not None else max((v for _, v in rows), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(rows):
        width = round(BAR_SPACE * min(max(value, 0), top) / top) if top else 0
        y = 8 + i * ROW
        bars.append({
            "label": label if len(label) <= 30 else label[:29] + "…",
            "y": str(y), "text_y": str(y + BAR - 3), "width": str(width),
            "value_x": str(LABEL_WIDTH + width + 6), "text": _text(value, suffix),
        })
    return {"title": title, "bars": bars, "width": str(WIDTH), "height": str(16 + ROW * max(len(rows), 1)),
            "bar_x": str(LABEL_WIDTH), "bar_height": str(BAR)}
