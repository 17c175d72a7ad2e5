"""The public check: is this link or page name a registered official channel, or a look-alike?

Links are compared by channel identity (`channel_key`): a post, video or page under a registered
channel is that channel's. Names are compared word by word without accents or tone placement.
Look-alike warnings are only given for links that are *not* official, never about a genuine
channel's sister channels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from mangxanh.review.models import Draft, DraftStatus, OfficialChannel, PublishedItem
from mangxanh.review.normalise import (
    channel_key,
    handle_of,
    key_prefixes,
    looks_like_address,
    names_an_item,
    normalise_name,
)

LOOKALIKE_THRESHOLD = 80
MAX_QUERY = 500
MAX_LOOKALIKES = 5
LOOKALIKE_MARGIN = 3  # points below the closest match that still count as look-alikes
MAX_NAME_MATCHES = 20
# Words that name a kind of unit or page, not which one: a name query needs one word besides these.
GENERIC_WORDS = frozenset(
    "truong thcs thpt th mn mg tieu hoc trung co so pho thong mam non mau giao lien cap trang facebook fb kenh "
    "zalo oa youtube tiktok website web cong thong tin dien tu chinh thuc fanpage page so phong gd gddt giao duc "
    "dao tao ubnd uy ban nhan dan xa phuong thi tran huyen quan tinh thanh va cua nha".split()
)


@dataclass
class CheckResult:
    query: str
    is_address: bool = False
    matches: list[OfficialChannel] = field(default_factory=list)
    lookalikes: list[OfficialChannel] = field(default_factory=list)
    # True when the link is a post or video of the matched channel rather than the channel's own page.
    is_post: bool = False

    @property
    def official(self) -> bool:
        return bool(self.matches)


def _active():
    return OfficialChannel.objects.filter(active=True, unit__is_active=True).select_related("unit")


def channels_for_link(key: str, channels=None) -> list[OfficialChannel]:
    """Registered channels a link belongs to: by identity (longest registered prefix wins), else
    because the link is an item a channel is known to have published (a video, a shared post)."""
    channels = _active() if channels is None else channels
    prefixes = key_prefixes(key)
    found = list(channels.filter(address_key__in=prefixes))
    if not found and "/" not in key:  # a bare handle ('@thcs.benthuy') names a page on any platform
        found = [c for c in channels.filter(address_key__endswith=key) if handle_of(c.address_key) == key]
    if found:
        longest = max(len(c.address_key) for c in found)
        return [c for c in found if len(c.address_key) == longest]
    return _channels_by_published_item(key, channels)


def _channels_by_published_item(key: str, channels) -> list[OfficialChannel]:
    hint = key.rsplit("=", 1)[-1].rsplit("/", 1)[-1]
    if len(hint) < 4:
        return []
    ids = {item.channel_id for item in PublishedItem.objects.filter(channel__in=channels, url__icontains=hint)[:50]
           if channel_key(item.url) == key}
    host = key.split("/", 1)[0]
    for draft in Draft.objects.filter(status=DraftStatus.PUBLISHED, published_url__icontains=hint)[:50]:
        if channel_key(draft.published_url) == key:
            ids.update(c.pk for c in channels.filter(unit_id=draft.unit_id, address_key__startswith=host + "/"))
    return list(channels.filter(pk__in=ids))


def channels_by_name(query: str, channels=None) -> list[OfficialChannel]:
    """Channels whose name, or whose unit's name, holds every word of the query (accent-free)."""
    words = set(normalise_name(query).split())
    if not words or words <= GENERIC_WORDS:
        return []
    channels = _active() if channels is None else channels
    rows = channels.values_list("pk", "name_key", "unit__name", "unit__short_name")
    hits = [pk for pk, name_key, unit_name, short in rows
            if words <= set(name_key.split()) | set(normalise_name(f"{unit_name} {short}").split())]
    return list(channels.filter(pk__in=hits[:MAX_NAME_MATCHES]))


def _lookalikes(key: str, is_address: bool, channels) -> list[OfficialChannel]:
    rows = list(channels.values_list("pk", "address_key", "name_key"))
    if is_address:
        candidates = [(key, [address for _, address, _ in rows], fuzz.ratio)]
    else:
        candidates = [(key, [name for _, _, name in rows], fuzz.token_sort_ratio)]
    candidates.append((handle_of(key), [handle_of(address) for _, address, _ in rows], fuzz.ratio))
    best: dict[int, float] = {}
    for needle, haystack, scorer in candidates:
        # rapidfuzz's C loop with a cut-off: fast enough for thousands of channels per look-up.
        for _, score, index in process.extract(needle, haystack, scorer=scorer,
                                               score_cutoff=LOOKALIKE_THRESHOLD, limit=MAX_LOOKALIKES):
            pk = rows[index][0]
            best[pk] = max(best.get(pk, 0), score)
    if not best:
        return []
    # Only the closest few: names of one province share most of their letters ('….songlam'), and a
    # list of every school would hide the one page being imitated.
    top = max(best.values())
    close = sorted((pk for pk, score in best.items() if score >= top - LOOKALIKE_MARGIN), key=lambda pk: -best[pk])
    found = {c.pk: c for c in channels.filter(pk__in=close)}
    return [found[pk] for pk in close if pk in found][:MAX_LOOKALIKES]


def check_channel(query: str) -> CheckResult:
    query = (query or "").strip()[:MAX_QUERY]
    is_address = looks_like_address(query) or (query.startswith("@") and " " not in query)
    result = CheckResult(query, is_address=is_address)
    key = channel_key(query)
    if not key:
        return result
    active = _active()
    if is_address:
        result.matches = channels_for_link(key, active)
        result.is_post = bool(result.matches) and (
            all(c.address_key != key for c in result.matches) or names_an_item(query, key))
    else:
        result.matches = channels_by_name(query, active)
        if not result.matches and " " not in key:
            result.matches = channels_for_link(key, active)
    if not result.matches:
        result.lookalikes = _lookalikes(key, is_address, active)
        if is_address:
            result.lookalikes = _with_typosquats(query, result.lookalikes, active)
    return result


def _with_typosquats(query: str, lookalikes: list[OfficialChannel], channels) -> list[OfficialChannel]:
    """Typosquats and fake suffixes ('….vn.com', 'thcs-benthuy', homoglyphs) come first: they are
    built to imitate one channel, closer than any score of letters in common can tell."""
    from mangxanh.watch.lookalikes import imitated_channels

    squats = [m.channel for m in imitated_channels(query, channels, limit=MAX_LOOKALIKES)]
    rest = [c for c in lookalikes if c.pk not in {s.pk for s in squats}]
    return (squats + rest)[:MAX_LOOKALIKES]


def unit_channel_for_link(unit, url: str) -> OfficialChannel | None:
    """The unit's own active channel that a published link belongs to, or None.

    A video link names no channel ('youtube.com/watch?v=…'); it is accepted when the unit has an
    active channel on that platform, since the editor recording it is staff of the unit.
    """
    key = channel_key(url)
    if not key or not looks_like_address(url):
        return None
    own = OfficialChannel.objects.filter(unit=unit, active=True)
    found = channels_for_link(key, own)
    if not found and "?v=" in key:
        found = list(own.filter(address_key__startswith=key.split("/", 1)[0] + "/"))
    return found[0] if found else None
