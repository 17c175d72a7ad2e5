"""Feeds and fanpages in the watch: after each fetch of a channel's feed (or an uploaded export), look for
what a hijacked page does and open a security incident with the evidence:

- the page's name or the links in its description («link in bio») changed suddenly;
- the posting pattern broke: far more posts in 24 hours than the page's usual rate, or several
  posts at hours the page never posts at (from its own last 60 days);
- posts the unit never approved: no approval code of the unit (`MX-<unit>-<year>-<seq>`, issued by
  the review workflow) in the post, and not a post the workflow recorded as published.

The first fetch of a channel is its baseline (old posts are not judged). What is found on one fetch
is one incident; the same finding on the next fetch returns the still-open incident.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import feedparser
from django.utils import timezone

from mangxanh.review.models import Draft, DraftStatus, FeedSource, OfficialChannel, PublishedItem, SourceKind
from mangxanh.review.normalise import channel_key, normalise_name
from mangxanh.watch.incidents import open_channel_incident
from mangxanh.watch.models import FeedProfile, IncidentKind, SecurityIncident, Severity

HISTORY = timedelta(days=60)
RECENT = timedelta(hours=24)
MIN_HISTORY_POSTS = 10  # fewer posts than this: no usual pattern to break
MIN_HISTORY_DAYS = 7
BURST_MIN = 5  # a burst is at least this many posts in 24 hours …
BURST_FACTOR = 4  # … and this many times the usual daily rate
ODD_HOURS_MIN = 3  # posts at hours the page never used (± 1 hour) before this counts
APPROVAL_CODE = re.compile(r"\bMX-[A-Za-z0-9][A-Za-z0-9-]*?-\d{4}-\d{4,}\b")
_URL = re.compile(r"""https?://[^\s"'<>]+""")
_SNIPPET = 200
_LISTED = 20


@dataclass
class Post:
    pk: int
    guid: str
    url: str
    title: str
    text: str
    published_at: datetime | None
    content_hash: str

    def line(self) -> str:
        when = f" ({timezone.localtime(self.published_at):%H:%M %d/%m/%Y})" if self.published_at else ""
        body = " ".join(self.text.split())[:_SNIPPET]
        return f"- {self.url or self.guid}{when}: {self.title} — {body}"


def _posts(queryset) -> list[Post]:
    return [Post(*row) for row in queryset.values_list("pk", "guid", "url", "title", "text", "published_at",
                                                       "content_hash")]


def _listing(posts: list[Post]) -> str:
    more = f"\n… và {len(posts) - _LISTED} bài khác" if len(posts) > _LISTED else ""
    return "\n".join(p.line() for p in posts[:_LISTED]) + more


def _digest(posts: list[Post]) -> str:
    return hashlib.sha256("\n".join(p.content_hash for p in posts).encode()).hexdigest()


# --- The page itself: name and link-in-bio ------------------------------------------------------------


def page_meta(data: bytes) -> tuple[str, list[str]]:
    """(name, links) the feed says about the page: its title; its own link and links in its description."""
    feed = feedparser.parse(data).get("feed", {})
    links = set(_URL.findall(feed.get("subtitle", "") or ""))
    if feed.get("link"):
        links.add(feed["link"])
    return " ".join((feed.get("title") or "").split())[:500], sorted(u.rstrip(".,;)") for u in links)


def _describe(name: str, links: list[str]) -> str:
    return f"Tên trang: {name or '(trống)'}\nLiên kết trong phần giới thiệu: {', '.join(links) or '(không có)'}"


def check_profile(profile: FeedProfile, data: bytes) -> SecurityIncident | None:
    name, links = page_meta(data)
    digest = hashlib.sha256(data).hexdigest()
    incident = None
    if profile.baseline_at is not None:
        renamed = normalise_name(name) != normalise_name(profile.name)
        new_links = [u for u in links if u not in profile.links]
        if renamed or new_links:
            channel = profile.channel
            where = [label for label, changed in (("Tên trang", renamed),
                                                  ("Liên kết trong phần giới thiệu", bool(new_links))) if changed]
            incident = open_channel_incident(
                channel, kind=IncidentKind.HIJACKED_PAGE, severity=Severity.HIGH,
                title=f"Trang đổi {' và '.join(w.lower() for w in where)} bất ngờ, có dấu hiệu bị chiếm quyền "
                      f"– {channel.name}" + _imitation_note(new_links),
                key=f"feed|{channel.pk}|profile|{name}|{' '.join(links)}",
                page_url=profile.channel.address, location="; ".join(where),
                before=_describe(profile.name, profile.links), after=_describe(name, links),
                before_sha=profile.sha256, after_sha=digest,
            )
    # The new state becomes the baseline: a wanted change raises once, and the incident keeps both.
    profile.name, profile.links, profile.sha256 = name, links, digest
    return incident


def _imitation_note(links: list[str]) -> str:
    from mangxanh.watch.lookalikes import imitated_channels

    for link in links:
        imitated = imitated_channels(link, limit=1)
        if imitated:
            return f" (liên kết giả mạo kênh {imitated[0].channel.name})"
    return ""


# --- Posts the unit never approved -------------------------------------------------------------------


def unapproved(channel: OfficialChannel, posts: list[Post]) -> list[Post]:
    """Posts with no valid approval code of the channel's unit and no published draft at their address."""
    found = {p.pk: {c.upper() for c in APPROVAL_CODE.findall(f"{p.title}\n{p.text}")} for p in posts}
    codes = set().union(*found.values()) if found else set()
    approved_states = (DraftStatus.APPROVED, DraftStatus.PUBLISHED)
    valid = {c.upper() for c in Draft.objects.filter(unit=channel.unit, status__in=approved_states,
                                                     approval_code__in=codes | {c.lower() for c in codes})
             .values_list("approval_code", flat=True)} if codes else set()
    published = {channel_key(u) for u in Draft.objects.filter(unit=channel.unit, status=DraftStatus.PUBLISHED)
                 .exclude(published_url="").values_list("published_url", flat=True)}
    return [p for p in posts if not (found[p.pk] & valid) and not (p.url and channel_key(p.url) in published)]


def check_unapproved(channel: OfficialChannel, new_posts: list[Post]) -> SecurityIncident | None:
    missing = unapproved(channel, new_posts)
    if not missing:
        return None
    return open_channel_incident(
        channel, kind=IncidentKind.UNAPPROVED_POST, severity=Severity.MEDIUM,
        title=f"{len(missing)} bài đăng không có mã phê duyệt của đơn vị – {channel.name}",
        key=f"feed|{channel.pk}|unapproved|{' '.join(sorted(p.guid for p in missing))}",
        page_url=missing[0].url or channel.address,
        location=("Bài đăng: " + ", ".join(p.guid for p in missing))[:500],
        before="Mọi bài đăng trên kênh phải qua duyệt và mang mã phê duyệt (MX-…) của đơn vị.",
        after=_listing(missing), after_sha=_digest(missing),
    )


# --- Posting pattern ---------------------------------------------------------------------------------


def check_pattern(channel: OfficialChannel, new_ids: set[int], now: datetime) -> list[SecurityIncident]:
    posts = _posts(PublishedItem.objects.filter(channel=channel, kind="post", published_at__gte=now - HISTORY,
                                                published_at__lte=now + timedelta(hours=1))
                   .order_by("published_at"))
    history = [p for p in posts if p.published_at < now - RECENT]
    recent = [p for p in posts if p.published_at >= now - RECENT]
    if len(history) < MIN_HISTORY_POSTS or not any(p.pk in new_ids for p in recent):
        return []
    days = max(MIN_HISTORY_DAYS, (now - RECENT - history[0].published_at).total_seconds() / 86400)
    rate = len(history) / days
    usual = {timezone.localtime(p.published_at).hour for p in history}
    near = {(h + d) % 24 for h in usual for d in (-1, 0, 1)}
    usual_text = (f"Thường ngày: khoảng {rate:.1f} bài/ngày; giờ đăng quen thuộc: "
                  + ", ".join(f"{h}h" for h in sorted(usual)) + f" (theo {len(history)} bài trong 60 ngày).")
    day = timezone.localtime(now).date().isoformat()
    made = []
    if len(recent) >= max(BURST_MIN, BURST_FACTOR * rate):
        made.append(open_channel_incident(
            channel, kind=IncidentKind.POSTING_PATTERN, severity=Severity.MEDIUM,
            title=f"Đăng dồn dập: {len(recent)} bài trong 24 giờ qua, thường khoảng {rate:.1f} bài/ngày "
                  f"– {channel.name}",
            key=f"feed|{channel.pk}|burst|{day}", page_url=recent[-1].url or channel.address,
            location="Nhịp đăng bài 24 giờ qua", before=usual_text, after=_listing(recent[::-1]),
            after_sha=_digest(recent)))
    odd = [p for p in recent if timezone.localtime(p.published_at).hour not in near]
    if len(odd) >= ODD_HOURS_MIN:
        hours = ", ".join(f"{h}h" for h in sorted({timezone.localtime(p.published_at).hour for p in odd}))
        made.append(open_channel_incident(
            channel, kind=IncidentKind.POSTING_PATTERN, severity=Severity.MEDIUM,
            title=f"{len(odd)} bài đăng vào giờ bất thường ({hours}) – {channel.name}",
            key=f"feed|{channel.pk}|hours|{day}", page_url=odd[-1].url or channel.address,
            location="Giờ đăng bài", before=usual_text, after=_listing(odd[::-1]), after_sha=_digest(odd)))
    return made


# --- After each fetch ---------------------------------------------------------------------------------


def after_fetch(sender, channel: OfficialChannel, source: FeedSource | None, data: bytes | None, started,
                now: datetime | None = None, **kwargs) -> list[SecurityIncident]:
    """Receiver of review.feeds.feed_fetched."""
    now = now or timezone.now()
    profile, _ = FeedProfile.objects.get_or_create(channel=channel)
    first = profile.baseline_at is None
    made: list[SecurityIncident | None] = []
    if data is not None:
        made.append(check_profile(profile, data))
    if not first:
        new = _posts(PublishedItem.objects.filter(channel=channel, kind="post", first_seen_at__gte=started))
        if new and profile.require_approval_code and (source is None or source.kind != SourceKind.SITEMAP):
            made.append(check_unapproved(channel, new))
        if new:
            made += check_pattern(channel, {p.pk for p in new}, now)
    profile.baseline_at = profile.baseline_at or now
    profile.save()
    return [i for i in made if i is not None]
