"""A side-by-side diff of two versions, by line then by word, for a page that wraps like prose.

difflib.HtmlDiff cuts lines at a fixed column (through words) and forces single-line cells, so the
table is wider than a phone; here each side is a list of words marked changed or not, and the
template lets the browser wrap them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool = False


@dataclass(frozen=True)
class DiffRow:
    left: tuple[Piece, ...] | None  # None: the line does not exist on that side
    right: tuple[Piece, ...] | None
    kind: str  # "equal", "delete", "insert", "replace"


def _words(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left: list[Piece] = []
    right: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        changed = tag != "equal"
        left.extend(Piece(t, changed and not t.isspace()) for t in a[i1:i2])
        right.extend(Piece(t, changed and not t.isspace()) for t in b[j1:j2])
    return tuple(left), tuple(right)


def side_by_side(old: str, new: str) -> list[DiffRow]:
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow((Piece(line),), (Piece(line),), "equal") for line in a[i1:i2])
            continue
        for left, right in zip_longest(a[i1:i2], b[j1:j2]):
            if left is not None and right is not None:
                rows.append(DiffRow(*_words(left, right), "replace"))
            elif left is not None:
                rows.append(DiffRow((Piece(left, True),), None, "delete"))
            else:
                rows.append(DiffRow(None, (Piece(right, True),), "insert"))
    return rows
