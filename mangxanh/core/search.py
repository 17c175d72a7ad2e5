"""One search box over what a person may see: posts, cases, plans and people.

Each kind is first cut to the person's scope with the same rules its own list uses
(mangxanh.org.rules, the apps' role sets), and only then matched, so a hit can never come
from another unit. Matching is accent-insensitive through the engine's `search_key`
("ben thuy", "Bến Thuỷ" and "BẾN THỦY" are one query).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse

from mangxanh.engine.normalize import search_key
from mangxanh.org import permissions, rules

MAX_QUERY = 100
MAX_HITS = 20  # per kind; the kind's own list has filters for more
SCAN_LIMIT = 5000  # newest rows of one kind looked at; older ones are found from the kind's own list


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class Section:
    label: str
    hits: list[Hit] = field(default_factory=list)
    more_url: str = ""


def _matches(query: str, *texts: str) -> bool:
    return query in search_key(" ".join(t for t in texts if t))


def _first(rows: Iterable, query: str, texts, hit) -> list[Hit]:
    found = []
    for row in rows:
        if _matches(query, *texts(row)):
            found.append(hit(row))
            if len(found) >= MAX_HITS:
                break
    return found


def _posts(user, query: str) -> Section | None:
    from mangxanh.review.models import Draft, DraftVersion

    if not permissions.can_anywhere(user, "review.view"):
        return None
    drafts = permissions.scoped(Draft.objects.all(), user, "review.view")
    ids = list(drafts.order_by("-updated_at").values_list("pk", flat=True)[:SCAN_LIMIT])
    titles: dict[int, tuple[int, str]] = {}
    for draft_id, number, title in DraftVersion.objects.filter(draft_id__in=ids).values_list(
            "draft_id", "number", "title"):
        if draft_id not in titles or number > titles[draft_id][0]:
            titles[draft_id] = (number, title)
    units = dict(drafts.filter(pk__in=ids).values_list("pk", "unit__name"))
    rows = [(pk, titles.get(pk, (0, ""))[1], units.get(pk, "")) for pk in ids]
    hits = _first(rows, query, lambda r: (r[1],),
                  lambda r: Hit(r[1] or f"Bài viết #{r[0]}", reverse("review:draft_detail", args=[r[0]]), r[2]))
    return Section("Bài viết", hits, reverse("review:draft_list"))


def _cases(user, query: str, text: str) -> Section | None:
    from mangxanh.intake import access, search

    if not access.may_view_cases(user):
        return None
    cases = access.cases_for(user)
    by_reports = list(search.filter_cases(cases, text).order_by("-pk")[:MAX_HITS])
    seen = {c.pk for c in by_reports}
    # Titles folded here too: filter_cases matches a title only with its accents.
    by_title = _first(cases.exclude(pk__in=seen).order_by("-pk")[:SCAN_LIMIT], query,
                      lambda c: (c.title,), lambda c: c)
    found = (by_reports + by_title)[:MAX_HITS]
    hits = [Hit(f"{c.number} · {c.title}", reverse("intake:case_detail", args=[c.pk]),
                f"{c.unit.name} · {c.get_state_display()}") for c in found]
    return Section("Vụ việc", hits, reverse("intake:case_list") + "?all=1")


def _plans(user, query: str) -> Section | None:
    from django.db.models import Q

    from mangxanh.plans.models import Distribution, Document

    if not rules.memberships(user):
        return None
    issued = rules.scoped(Document.objects.all(), user).values("pk")
    received = rules.scoped(Distribution.objects.all(), user).values("document_id")
    documents = Document.objects.filter(Q(pk__in=issued) | Q(pk__in=received)).select_related("unit")
    rows = documents.order_by("-created_at")[:SCAN_LIMIT]
    hits = _first(rows, query, lambda d: (d.title, d.symbol, d.unit.name),
                  lambda d: Hit(d.title, reverse("plans:document_detail", args=[d.pk]),
                                f"{d.get_kind_display()} · {d.number_and_symbol} · {d.unit.name}"))
    return Section("Kế hoạch, công văn", hits, reverse("plans:document_list"))


def _people(user, query: str) -> Section | None:
    if not permissions.can_anywhere(user, "org.manage_members"):
        return None
    people = rules.people_in_scope(user).order_by("full_name", "username")[:SCAN_LIMIT]
    hits = _first(people, query, lambda p: (p.full_name, p.username, p.email),
                  lambda p: Hit(p.full_name or p.username, reverse("org:person_detail", args=[p.pk]), p.username))
    return Section("Người dùng", hits, reverse("org:person_list"))


def search(user, text: str) -> list[Section]:
    """Sections for the kinds this person may see at all (each possibly empty), in a fixed order."""
    text = (text or "").strip()[:MAX_QUERY]
    query = search_key(text)
    if not query:
        return []
    sections = [_posts(user, query), _cases(user, query, text), _plans(user, query), _people(user, query)]
    return [s for s in sections if s is not None]
