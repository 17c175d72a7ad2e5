"""Accent-insensitive search: the public school picker and the officers' case search.

Both use the engine's one folding function (`search_key`), so "ben thuy", "Bến Thuỷ" and
"BẾN THỦY" are the same query everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Max, Q, QuerySet
from rapidfuzz.distance import OSA

from mangxanh.engine.normalize import search_key
from mangxanh.org.models import Unit, UnitKind

MAX_UNITS = 20
# A query word within this many edits (a swap of two letters is one) of a word of the name counts
# as that word: one for short words, two from six letters.
def _allowed_edits(word: str) -> int:
    return 0 if len(word) <= 2 else 1 if len(word) < 6 else 2


@dataclass(frozen=True)
class _Entry:
    pk: int
    key: str
    words: tuple[str, ...]
    is_school: bool
    sort_order: int
    name: str


def _entries() -> tuple[_Entry, ...]:
    # Rebuilt only when the active unit list changes; one cheap aggregate per search otherwise.
    active = Unit.objects.filter(is_active=True)
    stamp = active.aggregate(n=Count("pk"), at=Max("updated_at"))
    return _load(stamp["n"], stamp["at"])


@lru_cache(maxsize=2)
def _load(count: int, updated_at) -> tuple[_Entry, ...]:
    rows = Unit.objects.filter(is_active=True).values_list(
        "pk", "name", "short_name", "code", "unit_type__kind", "unit_type__sort_order",
    )
    entries = []
    for pk, name, short_name, code, kind, sort_order in rows:
        key = search_key(f"{name} {short_name} {code}")
        words = tuple(dict.fromkeys(key.replace("-", " ").split()))
        entries.append(_Entry(pk, key, words, kind == UnitKind.SCHOOL, sort_order, name))
    return tuple(entries)


def _edits(word: str, words: tuple[str, ...]) -> int | None:
    """Fewest edits from the query word to a word of the name (a prefix of it counts as exact)."""
    if any(w.startswith(word) for w in words):
        return 0
    limit = _allowed_edits(word)
    best = min((OSA.distance(word, w, score_cutoff=limit) for w in words), default=limit + 1)
    return best if best <= limit else None


def _match(query: str, query_words: list[str], entry: _Entry) -> tuple[int, int] | None:
    """(tier, edits): tier 0 when every word is there as typed (accents aside), 1 with typos."""
    if query in entry.key:
        return 0, 0
    edits = [_edits(w, entry.words) for w in query_words]
    if None in edits:
        return None
    total = sum(edits)
    return (0 if total == 0 else 1), total


def find_units(text: str, limit: int = MAX_UNITS) -> list[Unit]:
    """Active units whose name, short name or code matches; schools before ward and other offices."""
    query = search_key(text)
    if len(query) < 2:
        return []
    query_words = query.replace("-", " ").split()
    ranked = []
    for entry in _entries():
        found = _match(query, query_words, entry)
        if found is not None:
            tier, edits = found
            ranked.append(((tier, not entry.is_school, edits, entry.sort_order, entry.name), entry.pk))
    ranked.sort()
    if ranked and ranked[0][0][0] == 0:  # exact matches exist: typo guesses would only add noise
        ranked = [item for item in ranked if item[0][0] == 0]
    pks = [pk for _, pk in ranked[:limit]]
    units = Unit.objects.filter(pk__in=pks).select_related("unit_type").in_bulk()
    return [units[pk] for pk in pks if pk in units]


def report_search_key(description: str, reported_account: str, links: list[str]) -> str:
    """What the officers' case search looks in, folded once when the report is stored."""
    return search_key("\n".join(p for p in (description, reported_account, *links) if p))


def filter_cases(cases: QuerySet, text: str) -> QuerySet:
    """Cases whose number, report code, title, or any report's description, links or account match
    (title and reports folded alike: "xam hai" finds «Xâm hại»)."""
    text = text.strip()[:100]
    if not text:
        return cases
    query = search_key(text)
    number = text.upper().removeprefix("VV-").lstrip("0")
    return cases.filter(
        Q(reports__search_key__contains=query) | Q(search_key__contains=query) | Q(reports__code__iexact=text)
        | Q(pk=int(number) if number.isdigit() else -1)
    ).distinct()
