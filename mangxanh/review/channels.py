"""The public check: is this link or page name a registered official channel, or a look-alike?"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from mangxanh.review.models import OfficialChannel
from mangxanh.review.normalise import handle_of, looks_like_address, normalise_address, normalise_name

LOOKALIKE_THRESHOLD = 80
MAX_QUERY = 500
MAX_LOOKALIKES = 10


@dataclass
class CheckResult:
    query: str
    matches: list[OfficialChannel] = field(default_factory=list)
    lookalikes: list[tuple[OfficialChannel, int]] = field(default_factory=list)

    @property
    def official(self) -> bool:
        return bool(self.matches)


def check_channel(query: str) -> CheckResult:
    query = (query or "").strip()[:MAX_QUERY]
    result = CheckResult(query)
    key = normalise_address(query)
    if not key:
        return result
    active = OfficialChannel.objects.filter(active=True, unit__is_active=True).select_related("unit")
    is_address = looks_like_address(query) or query.startswith("@")
    if is_address:
        result.matches = list(active.filter(address_key=key))
    else:
        result.matches = list(active.filter(name_key=normalise_name(query)))
    matched = {c.pk for c in result.matches}
    rows = list(active.exclude(pk__in=matched).values_list("pk", "address_key", "name_key"))
    handles = [handle_of(address) for _, address, _ in rows]
    if is_address:
        candidates = [(key, [address for _, address, _ in rows], fuzz.ratio)]
    else:
        candidates = [(key, [name for _, _, name in rows], fuzz.token_sort_ratio)]
    candidates.append((handle_of(key), handles, fuzz.ratio))
    best: dict[int, float] = {}
    for needle, haystack, scorer in candidates:
        # rapidfuzz's C loop with a cut-off: fast enough for thousands of channels per look-up.
        for _, score, index in process.extract(needle, haystack, scorer=scorer,
                                               score_cutoff=LOOKALIKE_THRESHOLD, limit=MAX_LOOKALIKES):
            pk = rows[index][0]
            best[pk] = max(best.get(pk, 0), score)
    channels = {c.pk: c for c in active.filter(pk__in=best)}
    result.lookalikes = sorted(((channels[pk], int(score)) for pk, score in best.items() if pk in channels),
                               key=lambda pair: -pair[1])[:MAX_LOOKALIKES]
    return result
