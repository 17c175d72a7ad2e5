"""Multi-pattern phrase matching over normalised text (Aho-Corasick on the folded key).

A matcher holds the folded form of every phrase. A hit is kept only if

* it sits on Unicode word boundaries (so "ngu" never matches inside "người" or "Nguyễn"), and
* the characters of the text agree with the phrase's accents: each character is either the
  phrase's accented character or its bare letter. "địt mẹ", "dit me" and "địt me" all match
  "địt mẹ", but "đi ngủ" does not match "ngu" and "đi" never matches "đĩ".

Phrases marked ``strict`` need the exact accented form (for words whose folded form is a common
clean word, e.g. "đĩ" / "đi", "lồn" / "lon").

Speed: the engine's built-in matchers (lexicon, signals, context cues, grooming, sensitive facts)
are joined into one `MatcherGroup`, one automaton over all their phrases. The first matcher of a
group asked about a text runs the one pass for all of them and leaves the hits on the
`Normalized` object; the others read theirs from there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

from .normalize import Normalized, normalize_term


@dataclass(frozen=True, slots=True)
class Phrase:
    key: str
    fold: str
    strict: bool
    payload: Any


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found at key offsets [a, b) of a normalised text."""

    a: int
    b: int
    payload: Any
    exact: bool


def _compatible(seg: str, phrase: Phrase) -> bool:
    if seg == phrase.key:
        return True
    if phrase.strict:
        return False
    return all(c == k or c == f for c, k, f in zip(seg, phrase.key, phrase.fold, strict=True))


def _automaton(words: dict[str, Any]) -> ahocorasick.Automaton:
    ac = ahocorasick.Automaton()
    for folded, value in words.items():
        ac.add_word(folded, value)
    if words:
        ac.make_automaton()
    return ac


# Phrase occurrences looked at in one text: a 1 MB paste of one insult repeated has 100,000 of
# them, and the verdict is the same after the first few thousand.
MAX_HITS = 4000


def _scan(ac: ahocorasick.Automaton, norm: Normalized, loose: tuple[bool, ...]) -> dict[int, list[Hit]]:
    """One pass of ``ac`` over ``norm``: slot -> its hits (slots without hits are left out).
    A word's value is (length, ((slot, phrase), ...))."""
    out: dict[int, list[Hit]] = {}
    folded, key = norm.fold, norm.key
    n = len(folded)
    accented = norm.accented
    budget = MAX_HITS
    for end, (length, phrases) in ac.iter(folded):
        budget -= 1
        if budget < 0:
            break  # a text with this many phrases already says all it will (and memory stays bounded)
        b = end + 1
        a = b - length
        if a > 0 and folded[a - 1].isalnum() and folded[a].isalnum():
            continue
        if b < n and folded[b].isalnum() and folded[b - 1].isalnum():
            continue
        seg = key[a:b]
        for slot, phrase in phrases:
            exact = seg == phrase.key
            if exact or (not phrase.strict and (loose[slot] or not accented) and _compatible(seg, phrase)):
                hits = out.get(slot)
                if hits is None:
                    out[slot] = hits = []
                hits.append(Hit(a, b, phrase.payload, exact))
    return out


_NO_HITS: list[Hit] = []  # shared: callers only read the lists they get


class Matcher:
    """Find many phrases at once; ``items`` are (term, payload, strict) triples."""

    def __init__(self, items: Iterable[tuple[str, Any, bool]], loose_in_accented: bool = True):
        # loose_in_accented=False: in a text written with diacritics, a phrase written without any
        # does not count (ordinary words such as "hãy gọi" are not disguised, "hay gọi" is another word).
        self.loose_in_accented = loose_in_accented
        groups: dict[str, list[Phrase]] = {}
        for term, payload, strict in items:
            key, folded = normalize_term(term)
            if not folded:
                continue
            groups.setdefault(folded, []).append(Phrase(key, folded, strict, payload))
        self.phrases = groups
        self.size = len(groups)
        self.group: MatcherGroup | None = None
        self.slot = 0
        self._ac: ahocorasick.Automaton | None = None  # built on first use outside a group

    def find(self, norm: Normalized) -> list[Hit]:
        """The hits in ``norm``, by end offset (longer phrase first at the same end). Read only."""
        group = self.group
        if group is not None:
            memo = norm.memo
            if memo is None or memo[0] is not group:
                memo = group.search(norm)
            return memo[1].get(self.slot, _NO_HITS)
        if not self.size:
            return []
        if self._ac is None:
            self._ac = _automaton(
                {folded: (len(folded), tuple((0, p) for p in phrases)) for folded, phrases in self.phrases.items()}
            )
        return _scan(self._ac, norm, (self.loose_in_accented,)).get(0, [])

    def first(self, norm: Normalized) -> Hit | None:
        hits = self.find(norm)
        return hits[0] if hits else None


class MatcherGroup:
    """Several matchers searched in one pass; each still gets exactly its own hits, in the order
    it would have found them alone (by end offset, longer phrase first)."""

    def __init__(self, matchers: Iterable[Matcher]):
        self.matchers = [m for m in matchers if m.size]
        if len({id(m) for m in self.matchers}) != len(self.matchers):
            raise ValueError("a matcher can be joined only once")
        words: dict[str, list] = {}
        for slot, matcher in enumerate(self.matchers):
            if matcher.group is not None:
                raise ValueError("matcher already belongs to a group")
            for folded, phrases in matcher.phrases.items():
                words.setdefault(folded, []).extend((slot, p) for p in phrases)
        self._loose = tuple(m.loose_in_accented for m in self.matchers)
        self._ac = _automaton({folded: (len(folded), tuple(v)) for folded, v in words.items()})
        for slot, matcher in enumerate(self.matchers):
            matcher.group = self
            matcher.slot = slot

    def search(self, norm: Normalized) -> tuple[MatcherGroup, dict[int, list[Hit]]]:
        """Search all phrases once and remember the hits on ``norm`` (slot -> hits)."""
        memo = (self, _scan(self._ac, norm, self._loose) if self.matchers else {})
        norm.memo = memo
        return memo
