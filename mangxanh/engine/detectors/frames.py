"""Frames: harms that are a combination of ideas, not one phrase (data/frames.yaml).

A lexicon lists whole phrases, so "bọn miền Tây thì lười" is caught only if someone wrote that
very phrase. A frame names the ideas instead: a group of people *and* a demeaning predicate, a
speaker *and* an intent *and* a harm verb, a drug's street name *and* an offer to sell. Each idea
(a slot) is a list of phrases found in one pass with the engine's matcher, or one of the few
built-in patterns below (a class code, a sum of money, a capitalised name after a determiner).
A frame fires when all its ``all`` slots (and one of its ``any`` slots, if given) occur within
``window`` characters of each other and none of its ``none`` slots is near them.

Slots generalise where lexicon phrases cannot: every pairing of a group with a predicate, every
spelling the normaliser folds (no diacritics, teen code, leetspeak), any word order.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..features import fold
from ..matcher import Matcher
from ..normalize import Normalized
from ..result import Finding
from .base import finding_at, load_yaml
from .pupil_names import SURNAMES, UPPER
from .urls import URL_HINT_RE, URL_RE, score_url

DEFAULT_WINDOW = 120
MAX_SPAN = 400

_CAP = f"[{UPPER}]"
# Patterns that phrases cannot express; searched on the folded key (f) or the original text (t).
BUILTIN: dict[str, tuple[str, re.Pattern[str]]] = {
    # "6A1", "10a2", "lớp 9", "lop 12"
    "@class": ("f", re.compile(r"(?<![\w/.,])(?:\d{1,2}[a-z]\d{0,2}|lop\s*\d{1,2})(?![\w/])")),
    "@minor_age": ("f", re.compile(r"(?<![\w.,])(?:[5-9]|1[0-7])\s*(?:-|–|den|toi)?\s*(?:1[0-7])?\s*tuoi(?!\w)")),
    # "200k/chỉ", "150k 1 gói": a price per street unit
    "@drug_unit": ("f", re.compile(r"\d\s*(?:k|tr|nghin|ngan)?\s*(?:/|1|mot)\s*(?:chi|goi|vien|tep|bi|gam|g|ji)(?!\w)")),
    # slang in quotes: 'hàng', "đá", 'ke'
    "@quoted_slang": ("f", re.compile(r"['\"‘“](?:hang|da|ke|co|can|keo|bot|la|nam|do)['\"’”]")),
    "@money": ("f", re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*\s*(?:k|tr|trieu|cu|nghin|ngan|d|dong|vnd|ty)(?!\w)")),
    # A determiner before a capitalised place or people: "bọn Thanh Hóa", "dân Nghệ An", "mấy đứa Bắc kì"
    "@group_name": (
        "t",
        re.compile(
            r"(?i:\b(?:bọn|tụi|lũ|dân|mấy đứa|mấy thằng|mấy con|đứa nào quê|người gốc|quê)\s+)" + _CAP + r"\w*"
        ),
    ),
    # A person named after a familiar or contemptuous determiner: "thằng Tùng", "con Linh", "bạn Nam"
    "@named_person": (
        "t",
        re.compile(r"(?i:\b(?:thằng|thg|con|đứa|bạn|em|mụ|lão|cô|thầy)\s+)" + _CAP + r"[^\W\d_]*"),
    ),
}

_CAPS_RUN_RE = re.compile(rf"(?<!\w)[{UPPER}]{{1,7}}(?:[ \t]+[{UPPER}]{{1,7}}){{1,4}}(?!\w)")
_NAMED_ACCOUNT_RE = re.compile(r"(?i:tên|chủ tài khoản|chủ tk|ctk|người nhận|người thụ hưởng)\s*:?\s*(" + _CAP + r"\w*(?:\s+" + _CAP + r"\w*){1,4})")
_ACCOUNT_DIGITS_RE = re.compile(r"\d(?:[ .\-]?\d){7,18}")


def _personal_payees(norm: Normalized) -> list[tuple[int, int]]:
    """A bank account holder who is a person: "STK 0451... Vietcombank – NGUYEN VAN HUNG", "tên Lê Văn Hùng"."""
    text = norm.text
    if not _ACCOUNT_DIGITS_RE.search(text):
        return []
    out = []
    candidates = [m.span() for m in _CAPS_RUN_RE.finditer(text)]
    candidates += [m.span(1) for m in _NAMED_ACCOUNT_RE.finditer(text)]
    for start, end in candidates:
        first = fold(text[start:end].split()[0].lower())
        if first not in SURNAMES:
            continue
        if _ACCOUNT_DIGITS_RE.search(text, max(0, start - 120), min(len(text), end + 120)):
            out.append((start, end))
    return out


def _suspicious_urls(norm: Normalized) -> list[tuple[int, int]]:
    if "." not in norm.text or not URL_HINT_RE.search(norm.text):
        return []
    return [m.span() for m in URL_RE.finditer(norm.text) if score_url(m.group())[0] >= 0.5]


COMPUTED = {"@personal_payee": _personal_payees, "@suspicious_url": _suspicious_urls}


@dataclass(frozen=True, slots=True)
class Frame:
    name: str
    categories: tuple[str, ...]
    severity: str
    score: float
    explanation: str
    all: tuple[str, ...]
    any: tuple[str, ...]
    none: tuple[str, ...]
    window: int
    phrases: frozenset[str]  # the phrase slots of ``all``: a cheap first test


class Compiled(NamedTuple):
    frames: list[Frame]
    matcher: Matcher  # eager slots: joined to the engine's one pass over every text
    lazy: Matcher  # lazy slots: searched only in a text where a frame asks for one of them
    lazy_slots: frozenset[str]
    builtins: frozenset[str]


def compile_frames(data: dict) -> Compiled:
    lazy_slots = frozenset(data.get("lazy") or ()) | frozenset(data.get("letters") or {})
    eager, lazy = [], []
    for slot, phrases in (data.get("slots") or {}).items():
        for phrase in phrases or []:
            strict = isinstance(phrase, dict) and bool(phrase.get("strict"))
            term = phrase["term"] if isinstance(phrase, dict) else phrase
            (lazy if slot in lazy_slots else eager).append((str(term), slot, strict))
    for slot, letters in (data.get("letters") or {}).items():
        lazy.extend((letter, slot, False) for letter in letters)
    frames = []
    for spec in data.get("frames") or []:
        cats = spec["category"]
        frames.append(
            Frame(
                name=spec["name"],
                categories=tuple(cats) if isinstance(cats, list) else (cats,),
                severity=spec.get("severity", "high"),
                score=float(spec["score"]),
                explanation=spec["explanation"],
                all=tuple(spec.get("all") or ()),
                any=tuple(spec.get("any") or ()),
                none=tuple(spec.get("none") or ()),
                window=int(spec.get("window", DEFAULT_WINDOW)),
                phrases=frozenset(x for x in spec.get("all") or () if not x.startswith("@") and x not in lazy_slots),
            )
        )
    used = {s for f in frames for s in (*f.all, *f.any, *f.none)}
    unknown = {s for s in used if s.startswith("@")} - set(BUILTIN) - set(COMPUTED)
    if unknown:
        raise ValueError(f"unknown built-in slots in frames: {sorted(unknown)}")
    # Loose like the lexicons: a text with diacritics may still drop some ("chem chết", a homoglyph),
    # and a bare letter in the text matches the phrase's accented one, never the reverse.
    return Compiled(
        frames,
        Matcher(eager),
        Matcher(lazy),
        lazy_slots,
        frozenset(s for s in used if s.startswith("@")),
    )


@lru_cache(maxsize=1)
def compiled_frames() -> Compiled:
    return compile_frames(load_yaml("frames.yaml"))


def _near(spans: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int] | None:
    """The first span of a sorted list that overlaps [lo, hi]."""
    i = bisect_left(spans, (lo - MAX_SPAN, 0))
    for span in spans[i:]:
        if span[0] > hi:
            return None
        if span[1] >= lo:
            return span
    return None


class Slots(dict):
    """Spans (original text, sorted) of the slots found in one text. Eager slots come from the
    engine's one matcher pass. Slots of common words (pronouns, "sẽ", "mai"...) and the built-in
    patterns are looked for only when a frame that needs them already has its eager slots, which
    most texts never reach."""

    def __init__(self, norm: Normalized, compiled: Compiled):
        super().__init__()
        self.norm = norm
        self.compiled = compiled
        self.pending = set(compiled.builtins)
        self.lazy_done = False

    def has(self, name: str) -> bool:
        if name in self.compiled.lazy_slots:
            if not self.lazy_done:
                self.lazy_done = True
                _add_hits(self, self.compiled.lazy.find(self.norm))  # its own automaton: never joined to the group
        elif name in self.pending:
            self.pending.discard(name)
            spans = _builtin(self.norm, name)
            if spans:
                self[name] = sorted(spans)
        return name in self


def _builtin(norm: Normalized, name: str) -> list[tuple[int, int]]:
    if name in COMPUTED:
        return COMPUTED[name](norm)
    where, regex = BUILTIN[name]
    if where == "f":
        return [norm.span(*m.span()) for m in regex.finditer(norm.fold)]
    return [m.span() for m in regex.finditer(norm.text)]


def _add_hits(found: Slots, hits) -> None:
    text = found.norm.text
    added = set()
    for hit in hits:
        start, end = found.norm.span(hit.a, hit.b)
        if hit.payload in NAME_BLIND and _inside_name(text, start):
            continue
        found.setdefault(hit.payload, []).append((start, end))
        added.add(hit.payload)
    for slot in added:
        found[slot].sort()


def _slots(norm: Normalized, compiled: Compiled) -> Slots:
    found = Slots(norm, compiled)
    _add_hits(found, compiled.matcher.find(norm))
    return found


# Slots whose words are also given names ("Nguyễn Ngọc Ngu", "Lê Thị Đần" are not insults).
NAME_BLIND = frozenset({"insult", "demeaning"})
_PREV_WORD_RE = re.compile(r"(\w+)\W{1,2}$")


def _inside_name(text: str, start: int) -> bool:
    """A capitalised word right after another capitalised word: part of a person's name."""
    if not text[start : start + 1].isupper():
        return False
    m = _PREV_WORD_RE.search(text, max(0, start - 30), start)
    return bool(m and m.group(1)[0].isupper() and not m.group(1).isupper())


def frame_slots(norm: Normalized) -> Slots:
    """The slots of the built-in frames found in a text (the model's finding reads its target from
    them); found once per text and kept on it."""
    if norm.frames is None:
        norm.frames = _slots(norm, compiled_frames())
    return norm.frames


class FrameDetector:
    name = "frame"

    def __init__(self, data: dict | None = None):
        self.compiled = compile_frames(data) if data is not None else compiled_frames()
        self.frames, self.matcher = self.compiled.frames, self.compiled.matcher
        # Each frame is looked at only when one of its phrase slots was found (the slot it needs
        # that the fewest frames share); frames without phrase slots are always looked at.
        self.always: list[Frame] = []
        self.by_slot: dict[str, list[Frame]] = {}
        share: dict[str, int] = {}
        for frame in self.frames:
            for slot in frame.phrases:
                share[slot] = share.get(slot, 0) + 1
        for frame in self.frames:
            if frame.phrases:
                self.by_slot.setdefault(min(frame.phrases, key=lambda s: (share[s], s)), []).append(frame)
            else:
                self.always.append(frame)
        self.order = {id(f): i for i, f in enumerate(self.frames)}

    @classmethod
    def build(cls, policy, **options) -> FrameDetector:
        return cls()

    def detect(self, norm: Normalized) -> list[Finding]:
        found = frame_slots(norm) if self.compiled is compiled_frames() else _slots(norm, self.compiled)
        if not found:
            return []
        keys = found.keys()
        candidates = list(self.always)
        for slot in keys & self.by_slot.keys():
            candidates.extend(self.by_slot[slot])
        if len(candidates) > 1:
            candidates.sort(key=lambda f: self.order[id(f)])
        findings: list[Finding] = []
        for frame in candidates:
            if not frame.phrases <= keys:
                continue
            span = self._match(frame, found)
            if span is None:
                continue
            start, end = span
            for category in frame.categories:
                findings.append(
                    finding_at(norm.text, start, end, category=category, severity=frame.severity,
                               rule=f"frame.{frame.name}", explanation=frame.explanation, score=frame.score)
                )
        return findings

    @staticmethod
    def _match(frame: Frame, found: Slots) -> tuple[int, int] | None:
        if not all(found.has(s) for s in frame.all):
            return None
        if frame.any and not any(found.has(s) for s in frame.any):
            return None
        w = frame.window
        anchor_slot = min(frame.all, key=lambda s: len(found[s])) if frame.all else None
        anchors = found[anchor_slot] if anchor_slot else [sp for s in frame.any if s in found for sp in found[s]]
        for a_start, a_end in anchors:
            lo, hi = a_start - w, a_end + w
            spans = [(a_start, a_end)]
            ok = True
            for s in frame.all:
                if s == anchor_slot:
                    continue
                near = _near(found[s], lo, hi)
                if near is None:
                    ok = False
                    break
                spans.append(near)
            if not ok:
                continue
            if frame.any and anchor_slot is not None:
                near_any = [n for s in frame.any if found.has(s) if (n := _near(found[s], lo, hi)) is not None]
                if not near_any:
                    continue
                spans.append(near_any[0])
            start = min(a for a, _ in spans)
            end = max(b for _, b in spans)
            if any(found.has(s) and _near(found[s], start - w, end + w) is not None for s in frame.none):
                continue
            if end - start > MAX_SPAN:
                start, end = a_start, a_end
            return start, end
        return None
