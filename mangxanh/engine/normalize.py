"""Vietnamese text normalisation that remembers where every character came from.

`normalize(text)` returns two matching keys of the text:

* ``key``: NFC, lower case, one tone-mark placement ("hoà" and "hòa" -> "hòa"), zero-width and
  control characters removed, Cyrillic/Greek/full-width look-alikes mapped to Latin, leetspeak
  undone in words ("d1t m3" -> "dit me"), separators inside words joined ("đ.ị.t", "đ ụ m á",
  "c-h-ó"), repeated letters squeezed ("nguuuu" -> "ngu") and teen code expanded
  ("thg" -> "thằng", "ko" -> "không");
* ``fold``: the same string without diacritics ("đ" -> "d"), character for character.

``starts[i]`` / ``ends[i]`` give the span of the *original* text that character ``i`` of both keys
came from, so a match in a key maps back to offsets in the text exactly as given.

Speed matters (every text goes through here): each step first checks cheaply whether it has
anything to do, and the offset map stays a pair of ``range`` objects until a step changes length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

# Invisible characters people use to break words apart, plus C0/C1 controls (tab and newlines kept).
_REMOVE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\U000e0000-\U000e0fff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+"
)
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CLUSTER_RE = re.compile(f"[^{_COMBINING}][{_COMBINING}]+|[{_COMBINING}]+")
_CHUNK_RE = re.compile(r"\S+")


def _build_pre_lower() -> dict[int, str]:
    table: dict[int, str] = {0x130: "I"}  # "İ".lower() is two characters; keep lengths equal
    for cp in range(0xD800, 0xE000):  # lone surrogates must not break anything downstream
        table[cp] = "\ufffd"
    return table


_PRE_LOWER = _build_pre_lower()

# Look-alikes after lower-casing: Cyrillic, Greek, full-width Latin and digits.
_LOOKALIKES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ʏ": "y", "ɑ": "a", "ɡ": "g", "ı": "i",
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "c",
}
_CHAR_MAP: dict[int, str] = {ord(k): v for k, v in _LOOKALIKES.items()}
for _cp in range(0xFF01, 0xFF5F):  # full-width ASCII
    _CHAR_MAP[_cp] = chr(_cp - 0xFEE0).lower()


def _build_fold() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[cp] = base
    return table


FOLD_TABLE = _build_fold()


def fold(text: str) -> str:
    """Remove Vietnamese diacritics character for character ("Đường" -> "Duong")."""
    return text.translate(FOLD_TABLE)


def search_key(text: str) -> str:
    """The one key for accent-insensitive search: lower case, no diacritics, single spaces.

    "Bến Thuỷ", "BẾN THỦY" (either tone placement), decomposed input and "ben   thuy" all give
    "ben thuy"; folding removes the tone marks, so old and new placements need no extra rule.
    """
    text = unicodedata.normalize("NFC", text).lower().translate(FOLD_TABLE)
    if not text.isascii():  # marks NFC could not compose onto a letter
        text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(text.split())


# One tone-mark placement: word-final "oa", "oe", "uy" carry the tone on the first vowel
# ("hoà" -> "hòa", "khoẻ" -> "khỏe", "thuý" -> "thúy"); "quý" is left alone.
_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _build_tone_map() -> dict[str, str]:
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            new = unicodedata.normalize("NFC", first + second + tone)
            old = unicodedata.normalize("NFC", first + tone + second)
            table[new] = old
    return table


_TONE_MAP = _build_tone_map()
_TONE_RE = re.compile("(?<![q])(?:" + "|".join(sorted(_TONE_MAP)) + r")(?![^\W\d_])")

# Leetspeak inside words: digits/symbols mixed with letters ("d1t", "ch0", "m3", "l@m", "$ex").
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s"}
_LEET_TRIGGER_RE = re.compile(r"[^\W\d_][0134@$]|[0134@$][^\W\d_]")
_LEET_TOKEN_RE = re.compile(r"(?:[^\W_]|[@$])+")

# Separators inside a word: "đ.ị.t", "c-h-ó", "ch-ó"; and single letters spaced out: "đ ụ m á".
_SEP_JOIN_RE = re.compile(r"(?<![^\W_])[^\W\d_]{1,2}(?:[.\-_~|+·•/\\]+[^\W\d_]{1,2})+(?![^\W_])")
_SEP_CHARS_RE = re.compile(r"[.\-_~|+·•/\\]+")
_SPACED_RE = re.compile(r"(?<![^\W_])[^\W\d_](?:[ \t]+[^\W\d_]){2,}(?![^\W_])")
_SPACE_CHARS_RE = re.compile(r"[ \t]+")
_REPEAT_RE = re.compile(r"([^\W\d_])\1+")


@lru_cache(maxsize=1)
def teen_code() -> dict[str, str]:
    """The teen-code dictionary (data/teencode.tsv): abbreviation -> full form."""
    table: dict[str, str] = {}
    for line in (DATA_DIR / "teencode.tsv").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        short, _, full = line.partition("\t")
        short = unicodedata.normalize("NFC", short.strip().lower())
        full = unicodedata.normalize("NFC", full.strip().lower())
        if short and full:
            table[short] = full
    return table


_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class Normalized:
    """A text and its two keys; ``span(a, b)`` maps key offsets to offsets in ``text``."""

    text: str
    key: str
    fold: str
    starts: Sequence[int]
    ends: Sequence[int]
    # Whether the text is written with diacritics (then a bare "hay" is "hay", not "hãy").
    accented: bool = False
    # Phrase hits of the engine's matcher group, computed once per text (see matcher.MatcherGroup).
    memo: Any = None
    # The frames' slots found in it (detectors/frames.py), kept for the later steps of one scan.
    frames: Any = None

    def span(self, a: int, b: int) -> tuple[int, int]:
        if b <= a:
            pos = self.starts[a] if a < len(self.starts) else len(self.text)
            return pos, pos
        return self.starts[a], self.ends[b - 1]


def _rebuild(
    s: str, starts: Sequence[int], ends: Sequence[int], edits: list[tuple[int, int, str]]
) -> tuple[str, list[int], list[int]]:
    """Apply sorted, non-overlapping edits (a, b, replacement) and carry the offset map along.

    A replacement of the same length keeps the per-character map; any other replacement maps
    all its characters to the whole original span of what it replaced.
    """
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for a, b, repl in edits:
        out.append(s[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        m = len(repl)
        if m == b - a:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
        elif m:
            new_starts.extend([starts[a]] * m)
            new_ends.extend([ends[b - 1]] * m)
        out.append(repl)
        pos = b
    out.append(s[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(out), new_starts, new_ends


def _nfc(s: str, starts: Sequence[int], ends: Sequence[int]):
    edits = []
    for m in _CLUSTER_RE.finditer(s):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            edits.append((m.start(), m.end(), composed))
    if edits:
        s, starts, ends = _rebuild(s, starts, ends, edits)
    if not unicodedata.is_normalized("NFC", s):
        # Rare scripts that compose without combining marks (Hangul jamo...): word by word.
        edits = []
        for m in _CHUNK_RE.finditer(s):
            composed = unicodedata.normalize("NFC", m.group())
            if composed != m.group():
                edits.append((m.start(), m.end(), composed))
        if edits:
            s, starts, ends = _rebuild(s, starts, ends, edits)
    return s, starts, ends


def _leet(m: re.Match[str]) -> str:
    token = m.group()
    if not _LEET_TRIGGER_RE.search(token):
        return token
    letters = sum(1 for c in token if c.isalpha())
    digits = sum(1 for c in token if c.isdigit())
    if digits > letters or any(c.isdigit() and c not in _LEET for c in token):
        return token  # a code such as "10a1" or "covid19", not a disguised word
    return "".join(_LEET.get(c, c) for c in token)


def _squeeze_edits(key: str, folded: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in _REPEAT_RE.finditer(folded):
        a, b = m.span()
        run = key[a:b]
        keep = next((c for c in run if c not in "abcdefghijklmnopqrstuvwxyz"), run[0])
        edits.append((a, b, keep))
    return edits


# Cheap exact pre-checks: each is a necessary condition of the step it guards, written so that the
# regular-expression engine can scan for its first character quickly (no look-behind in front).
_REMOVE_BMP_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
_TAG_BYTES = b"\xf3\xa0"  # UTF-8 prefix of U+E0000..U+E0FFF, the tag characters _REMOVE_RE drops
_LOOKALIKE_RE = re.compile("[" + re.escape("".join(sorted(map(chr, _CHAR_MAP)))) + "]")
_TONE_PRE_RE = re.compile(
    "|".join(f"{first}[{''.join(sorted({k[1] for k in _TONE_MAP if k[0] == first}))}]" for first in "ou")
)
_SEP_PRE_RE = re.compile(r"[.\-_~|+·•/\\]+[^\W\d_]")
_SPACED_PRE_RE = re.compile(r"[ \t][^\W\d_][ \t]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _tone_leet(s: str) -> str:
    """Tone-mark placement and leetspeak: both keep the length, so the offset map stays as it is."""
    if not s.isascii() and _TONE_PRE_RE.search(s) and _TONE_RE.search(s):
        s = _TONE_RE.sub(lambda m: _TONE_MAP[m.group()], s)
    if _LEET_TRIGGER_RE.search(s):
        s = _LEET_TOKEN_RE.sub(_leet, s)
    return s


def _squeeze_teen(s: str, starts: Sequence[int], ends: Sequence[int]):
    """Repeated letters squeezed, then teen code expanded; returns key, fold and the offset map."""
    folded: str | None = s.translate(FOLD_TABLE)
    edits = _squeeze_edits(s, folded)
    if edits:
        s, starts, ends = _rebuild(s, starts, ends, edits)
        folded = None
    teen = teen_code()
    if not teen.keys().isdisjoint(_WORD_RE.findall(s)):
        edits = [(m.start(), m.end(), teen[m.group()]) for m in _WORD_RE.finditer(s) if m.group() in teen]
        s, starts, ends = _rebuild(s, starts, ends, edits)
        folded = None
    if folded is None:
        folded = s.translate(FOLD_TABLE)
    return s, folded, starts, ends


# Every step from tone marks to teen code works inside a run of non-space characters (a space is
# no letter, digit, "@" or "$", and ends every pattern they use), so a text is cut at spaces and
# each piece is normalised once and remembered: comments repeat the same words all the time.
# A cache entry: (piece after tone/leet, key piece, fold piece, local map or None, joins). The local
# map gives, for each key character, the first and one-past-last piece characters it came from.
_PIECES: dict[str, tuple[str, str, str, tuple[list[int], list[int]] | None, bool]] = {}
_PIECES_MAX = 50_000
_PIECE_MAX_LEN = 40


def _piece(p: str):
    p1 = _tone_leet(p)
    n = len(p1)
    key, fold, ls, le = _squeeze_teen(p1, range(n), range(1, n + 1))
    local = None if isinstance(ls, range) else (ls, le)
    if key == p1:
        key = p1
    if fold == key:
        fold = key
    # Whether the separator joins (which see across spaces) could apply around this piece: a
    # separator before a letter, a tab, or a single letter (spaced out "đ ụ m á").
    joins = bool("\t" in p1 or (n == 1 and _LETTER_RE.match(p1)) or _SEP_PRE_RE.search(p1))
    entry = (p1, key, fold, local, joins)
    if n <= _PIECE_MAX_LEN:
        if len(_PIECES) >= _PIECES_MAX:
            _PIECES.clear()
        _PIECES[p] = entry
    return entry


def _sep_edits(s: str) -> list[tuple[int, int, str]]:
    """Separators inside words and spaced-out single letters joined (sorted, non-overlapping)."""
    edits = []
    if _SEP_PRE_RE.search(s):
        for m in _SEP_JOIN_RE.finditer(s):
            if _SEP_CHARS_RE.search(m.group()):
                pieces = _SEP_CHARS_RE.split(m.group())
                if any(len(p) == 1 for p in pieces):
                    edits.append((m.start(), m.end(), "".join(pieces)))
    if _SPACED_PRE_RE.search(s):
        for m in _SPACED_RE.finditer(s):
            edits.append((m.start(), m.end(), _SPACE_CHARS_RE.sub("", m.group())))
    if len(edits) < 2:
        return edits
    edits.sort()
    merged: list[tuple[int, int, str]] = []
    for e in edits:
        if not merged or e[0] >= merged[-1][1]:
            merged.append(e)
    return merged


def normalize(text: str) -> Normalized:
    """Normalise ``text`` (any Unicode string) into its accented and folded keys."""
    s = text
    n = len(s)
    starts: Sequence[int] = range(n)
    ends: Sequence[int] = range(1, n + 1)
    ascii_only = s.isascii()

    raw = b""
    if ascii_only:
        if _REMOVE_BMP_RE.search(s):
            s, starts, ends = _rebuild(s, starts, ends, [(m.start(), m.end(), "") for m in _REMOVE_RE.finditer(s)])
    else:
        surrogates = False
        try:
            raw = s.encode("utf-8")
        except UnicodeEncodeError:
            raw = s.encode("utf-8", "surrogatepass")
            surrogates = True
        if _REMOVE_BMP_RE.search(s) or _TAG_BYTES in raw:
            s, starts, ends = _rebuild(s, starts, ends, [(m.start(), m.end(), "") for m in _REMOVE_RE.finditer(s)])
            raw = s.encode("utf-8", "surrogatepass")
        if surrogates or "\u0130" in s:  # lone surrogates must not break anything downstream
            s = s.translate(_PRE_LOWER)
        if not unicodedata.is_normalized("NFC", s):
            s, starts, ends = _nfc(s, starts, ends)
    lowered = s.lower()
    if len(lowered) != len(s):  # defensive: keep one character per character
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in s)
    s = lowered
    if not ascii_only and _LOOKALIKE_RE.search(s):
        s = s.translate(_CHAR_MAP)
    accented = not ascii_only and len(raw) - n > 0.04 * n

    pieces = s.split(" ")
    entries = list(map(_PIECES.get, pieces))
    if None in entries:
        entries = [e or _piece(p) for p, e in zip(pieces, entries, strict=True)]
    p1s, keys, folds, maps, joins = zip(*entries, strict=False)  # five fields each
    if True in joins:
        s1 = " ".join(p1s)
        edits = _sep_edits(s1)
        if edits:  # rare: the joins cross spaces, so the rest runs on the whole text
            s1, starts, ends = _rebuild(s1, starts, ends, edits)
            key, folded, starts, ends = _squeeze_teen(s1, starts, ends)
            return Normalized(text, key, folded, starts, ends, accented)
    if maps.count(None) != len(maps):
        starts, ends = _compose(pieces, maps, starts, ends)
    return Normalized(text, " ".join(keys), " ".join(folds), starts, ends, accented)


def _compose(pieces, maps, starts: Sequence[int], ends: Sequence[int]) -> tuple[list[int], list[int]]:
    """The offset map of the whole key from the pieces' local maps (None: unchanged)."""
    new_starts: list[int] = []
    new_ends: list[int] = []
    off = done = 0  # start of the piece in the text before squeezing; end of what is copied
    for p, local in zip(pieces, maps, strict=True):
        if local is not None:
            new_starts.extend(starts[done:off])
            new_ends.extend(ends[done:off])
            new_starts.extend([starts[off + j] for j in local[0]])
            new_ends.extend([ends[off + j - 1] for j in local[1]])
            done = off + len(p)
        off += len(p) + 1
    new_starts.extend(starts[done:])
    new_ends.extend(ends[done:])
    return new_starts, new_ends


def normalize_term(term: str) -> tuple[str, str]:
    """Keys of a lexicon term: its normalised accented form and folded form, trimmed."""
    norm = normalize(term.strip())
    key = " ".join(norm.key.split())
    return key, key.translate(FOLD_TABLE)
