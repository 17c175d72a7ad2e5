"""A tappable emergency number is a 44 px box (site.css); punctuation right after it («111</a>.») is
carried to a line of its own on a phone («. Lừa đảo, đe dọa…»). Templates leave a space after it."""

from __future__ import annotations

import re
from pathlib import Path

import mangxanh

ROOT = Path(mangxanh.__file__).resolve().parent
GLUED = re.compile(r'<a\b[^>]*href="tel:[^"]*"[^>]*>(?:(?!</a>).)*</a>[.,;:!?)]')


def test_no_punctuation_is_glued_to_a_tel_link():
    glued = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in sorted(ROOT.rglob("templates/**/*.html"))
             for match in GLUED.finditer(path.read_text(encoding="utf-8"))]
    assert glued == []
