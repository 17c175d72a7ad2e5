"""Issue 12 item 19: every data table of the screens sits in a box that scrolls on its own, so a
390 px phone never scrolls the whole page sideways (tests/browser/test_phone_tables.py checks pages)."""

from __future__ import annotations

import re
from pathlib import Path

import mangxanh

ROOT = Path(mangxanh.__file__).resolve().parent
# Documents printed to paper or PDF are laid out for A4, not for a screen.
PRINTED = ("/print/",)
# Tables that fit any width by their own CSS (fixed layout, wrapping cells).
SELF_FITTING = ("diff-words",)
TABLE = re.compile(r"<table\b[^>]*>")


def _unwrapped(text: str) -> list[str]:
    found = []
    for match in TABLE.finditer(text):
        if any(name in match.group(0) for name in SELF_FITTING):
            continue
        before = text[max(0, match.start() - 200):match.start()]
        if 'class="table-wrap"' not in before.rsplit("</div>", 1)[-1]:
            found.append(match.group(0))
    return found


def test_every_screen_table_is_in_a_scrolling_box():
    missing = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        if any(part in path.as_posix() for part in PRINTED):
            continue
        missing += [f"{path.relative_to(ROOT)}: {tag}" for tag in _unwrapped(path.read_text(encoding="utf-8"))]
    assert not missing, "\n".join(missing)


def test_the_site_css_wraps_long_addresses():
    css = (ROOT / "core/static/core/site.css").read_text(encoding="utf-8")
    assert re.search(r"body\s*\{[^}]*overflow-wrap:\s*break-word", css)
    assert re.search(r'a\[href\^="http"\][^{]*\{[^}]*overflow-wrap:\s*anywhere', css)
