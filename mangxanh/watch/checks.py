"""One check of a registered website: crawl (bounded), compare with the baseline, scan what is
new through the scanning service, and open security incidents for what looks injected.

What opens an incident (anything else is only recorded on the SiteCheck):
- new or changed text, hidden text or link anchors the engine flags (gambling, sexual, scam, …);
- a new hidden link to another host (the classic injected SEO spam), even if the engine is silent;
- a new script from another host, or a new inline script doing what injected code does;
- a new iframe; a redirect off the registered host.
A page that raised an incident keeps its old baseline, so the evidence stays 'before vs after'.
"""

from __future__ import annotations

import difflib
import logging
import re
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import urldefrag, urlsplit

import defusedxml.ElementTree as SafeET
from django.db import transaction
from django.utils import timezone

from mangxanh.review.models import ChannelKind, OfficialChannel
from mangxanh.watch import fetcher
from mangxanh.watch.fetcher import FetchError, Limits
from mangxanh.watch.incidents import open_channel_incident
from mangxanh.watch.models import (
    IncidentKind,
    PageBaseline,
    PageChange,
    SecurityIncident,
    Severity,
    SiteCheck,
    WatchedSite,
)
from mangxanh.watch.page import Snapshot, host_of, parse_page

log = logging.getLogger(__name__)
FLAGGED = ("review", "block")
_SUSPICIOUS_JS = re.compile(r"document\.write|eval\s*\(|atob\s*\(|fromCharCode|location\s*(?:\.href)?\s*=|"
                            r"createElement\s*\(\s*['\"](?:script|iframe)", re.I)
_NEW_PAGE_TEXT = 3000
# Links to documents and media are not pages: not fetched (they would only use the byte budget).
_FILES = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|7z|jpe?g|png|gif|webp|svg|mp[34]|avi|mov|css|js|ico)$", re.I)


@dataclass
class Finding:
    kind: str  # hidden_link, hidden_text, new_outbound_link, injected_script, injected_iframe, new_page,
    #            changed_text, redirect
    page_url: str
    selector: str = ""
    before: str = ""
    after: str = ""
    scan_text: str = ""  # what the engine reads for this finding ("" = nothing to scan)
    raises: bool = False  # opens an incident even when the engine is silent
    incident_kind: str = IncidentKind.HIDDEN_CONTENT
    categories: list[str] = field(default_factory=list)
    verdict: str = ""
    incident: int | None = None
    note: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("scan_text")
        return data


@dataclass
class Crawl:
    pages: dict[str, Snapshot] = field(default_factory=dict)
    first: fetcher.Response | None = None
    error: str = ""
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (page, off-host target)


def base_url_of(channel: OfficialChannel) -> str:
    address = channel.address.strip()
    return address if "://" in address else f"https://{address}"


def site_for(channel: OfficialChannel) -> WatchedSite:
    site, _ = WatchedSite.objects.get_or_create(channel=channel, defaults={"base_url": base_url_of(channel)})
    return site


def websites():
    return OfficialChannel.objects.filter(kind=ChannelKind.WEBSITE, active=True, unit__is_active=True)


# --- Crawling -------------------------------------------------------------------------------------


def _clean(url: str) -> str:
    return urldefrag(url)[0]


def _sitemap_urls(base: str, host: str, limits: Limits, deadline) -> list[str]:
    try:
        response = fetcher.fetch(base.rstrip("/") + "/sitemap.xml", limits=limits, deadline=deadline)
        if response.status != 200 or not response.body:
            return []
        root = SafeET.fromstring(response.body)
    except (FetchError, SafeET.ParseError, ValueError):
        return []
    except Exception:  # defusedxml refusals (entities and friends): no sitemap, not a failure
        return []
    locs = [(node.text or "").strip() for node in root.iter() if node.tag.rsplit("}", 1)[-1] == "loc"]
    return [_clean(u) for u in locs if u and fetcher.same_host(host_of(u), host)]


def crawl(base: str, known: list[str], limits: Limits) -> Crawl:
    result = Crawl()
    deadline = fetcher.new_deadline(limits)
    host = host_of(base)
    root = _clean(base if urlsplit(base).path else base.rstrip("/") + "/")
    try:
        result.first = fetcher.fetch(root, limits=limits, deadline=deadline)
    except FetchError as exc:
        result.error = str(exc)
        return result
    queue = [root, *sorted(known), *_sitemap_urls(root, host, limits, deadline)]
    seen: set[str] = set()
    while queue and len(result.pages) < limits.pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            response = result.first if url == root else fetcher.fetch(url, limits=limits, deadline=deadline)
        except FetchError as exc:
            if "thời gian" in str(exc):
                break
            continue
        if response.offsite_redirect:
            result.redirects.append((url, response.offsite_redirect))
            continue
        if response.status >= 400 or not response.is_html:
            continue
        try:
            snapshot = parse_page(response.url, response.body, _charset(response))
        except (AssertionError, LookupError, ValueError):  # html.parser on pathological markup, bad charset
            log.warning("watch: could not read %s", url, exc_info=True)
            continue
        result.pages[_clean(url)] = snapshot
        for link in snapshot.links:
            target = _clean(link.href)
            if fetcher.same_host(host_of(target), host) and target not in seen and target.startswith("http") \
                    and not _FILES.search(urlsplit(target).path):
                queue.append(target)
    return result


def _charset(response: fetcher.Response) -> str | None:
    match = re.search(r"charset=([\w-]+)", response.headers.get("content-type", ""), re.I)
    return match.group(1) if match else None


# --- Comparing ------------------------------------------------------------------------------------


@dataclass
class Known:
    """What the whole site already had: a script on every page is not new on a new page."""

    scripts: set[str] = field(default_factory=set)
    iframes: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)


def known_of(baselines: dict[str, Snapshot]) -> Known:
    known = Known()
    for snap in baselines.values():
        known.scripts.update(s["key"] for s in snap.scripts)
        known.iframes.update(i["key"] for i in snap.iframes)
        known.links.update(link.href for link in snap.links)
    return known


def _link_html(link) -> str:
    return f'<a href="{link.href}">{link.text}</a>'


def diff_page(old: Snapshot | None, new: Snapshot, host: str, known: Known) -> list[Finding]:
    if old is not None and old.sha256 == new.sha256:
        return []
    findings: list[Finding] = []
    url = new.url
    old_links = {link.href for link in old.links} if old else set()
    if old is None:
        findings.append(Finding("new_page", url, after=f"{new.title}\n" + "\n".join(new.text)[:_NEW_PAGE_TEXT],
                                scan_text="\n".join([new.title, *new.text])[:_NEW_PAGE_TEXT]))
    else:
        findings += _text_changes(old, new)
    hidden_link_texts = set()
    for link in new.links:
        if link.href in old_links or (old is None and link.href in known.links):
            continue
        outbound = not fetcher.same_host(host_of(link.href), host)
        if link.hidden and outbound:
            hidden_link_texts.add(link.text)
            findings.append(Finding("hidden_link", url, link.selector, after=_link_html(link),
                                    scan_text=f"{link.text} {link.href}", raises=True))
        elif outbound and not link.hidden:
            findings.append(Finding("new_outbound_link", url, link.selector, after=_link_html(link),
                                    scan_text=f"{link.text} {link.href}"))
    old_hidden = {h["text"] for h in old.hidden_text} if old else set()
    for hidden in new.hidden_text:
        if hidden["text"] in old_hidden or hidden["text"] in hidden_link_texts:
            continue
        findings.append(Finding("hidden_text", url, hidden["selector"], after=hidden["text"],
                                scan_text=hidden["text"]))
    findings += _code_changes(old, new, host, known)
    return findings


def _text_changes(old: Snapshot, new: Snapshot) -> list[Finding]:
    found = []
    matcher = difflib.SequenceMatcher(a=old.text, b=new.text, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("replace", "insert"):
            after = "\n".join(new.text[b1:b2])
            found.append(Finding("changed_text", new.url, before="\n".join(old.text[a1:a2]), after=after,
                                 scan_text=after))
    return found


def _code_changes(old: Snapshot | None, new: Snapshot, host: str, known: Known) -> list[Finding]:
    found = []
    old_scripts = {s["key"] for s in old.scripts} if old else set()
    for script in new.scripts:
        key = script["key"]
        if key in old_scripts or key in known.scripts:
            continue
        inline = key.startswith("inline:")
        foreign = not inline and not fetcher.same_host(host_of(key), host)
        suspicious = inline and bool(_SUSPICIOUS_JS.search(script.get("code", "")))
        after = f"<script>{script.get('code', '')}</script>" if inline else f'<script src="{key}"></script>'
        found.append(Finding("injected_script", new.url, script["selector"], after=after,
                             raises=foreign or suspicious, incident_kind=IncidentKind.INJECTED_CODE))
    old_frames = {i["key"] for i in old.iframes} if old else set()
    for frame in new.iframes:
        if frame["key"] in old_frames or frame["key"] in known.iframes:
            continue
        found.append(Finding("injected_iframe", new.url, frame["selector"], after=f'<iframe src="{frame["key"]}">',
                             raises=True, incident_kind=IncidentKind.INJECTED_CODE))
    return found


def first_look(snapshot: Snapshot, host: str) -> list[Finding]:
    """On the first check there is nothing to compare with: hidden outbound links and hidden text are
    still scanned, so a site that is already defaced is not taken as its own clean baseline."""
    found, anchors = [], set()
    for link in snapshot.links:
        if link.hidden and not fetcher.same_host(host_of(link.href), host):
            anchors.add(link.text)
            found.append(Finding("hidden_link", snapshot.url, link.selector, after=_link_html(link),
                                 scan_text=f"{link.text} {link.href}"))
    for hidden in snapshot.hidden_text:
        if hidden["text"] in anchors:
            continue
        found.append(Finding("hidden_text", snapshot.url, hidden["selector"], after=hidden["text"],
                             scan_text=hidden["text"]))
    return found


# --- Scanning and incidents -----------------------------------------------------------------------


def scan_findings(site: WatchedSite, check: SiteCheck, page_url: str, findings: list[Finding]) -> None:
    """One PageChange per page through the one scan path (store → scan → findings), run now."""
    from mangxanh.scanning.service import perform_scan, request_scan

    parts, segments, offset = [], [], 0
    for index, finding in enumerate(findings):
        if not finding.scan_text.strip():
            continue
        text = finding.scan_text.strip()
        segments.append({"start": offset, "end": offset + len(text), "finding": index})
        parts.append(text)
        offset += len(text) + 2
    if not parts:
        return
    change = PageChange.objects.create(site=site, check_run=check, page_url=page_url, text="\n\n".join(parts),
                                       segments=segments)
    scan = perform_scan(request_scan(change))
    for stored in scan.findings.all():
        for segment in segments:
            if segment["start"] <= stored.start < segment["end"] + 1:
                finding = findings[segment["finding"]]
                if stored.category not in finding.categories:
                    finding.categories.append(stored.category)
                finding.verdict = scan.verdict
    if scan.verdict not in FLAGGED:
        for finding in findings:
            finding.categories, finding.verdict = [], ""


def _mark_lookalike_links(findings: list[Finding]) -> None:
    """A new link to a page imitating a registered channel (any unit's) is an incident of its own."""
    from mangxanh.watch.lookalikes import imitated_channels

    for finding in findings:
        if finding.kind not in ("new_outbound_link", "hidden_link"):
            continue
        href = re.search(r'href="([^"]*)"', finding.after)
        imitated = imitated_channels(href.group(1), limit=1) if href else []
        if imitated:
            finding.raises = True
            finding.incident_kind = IncidentKind.LOOKALIKE_LINK
            finding.note = f"giả mạo kênh {imitated[0].channel.name}"


def _severity(finding: Finding) -> str:
    if finding.categories and (finding.kind in ("hidden_link", "hidden_text") or finding.verdict == "block"):
        return Severity.HIGH
    if finding.kind == "redirect":
        return Severity.HIGH
    return Severity.MEDIUM


TITLES = {
    "hidden_link": "Liên kết ẩn trỏ ra ngoài bị chèn vào trang",
    "hidden_text": "Chữ ẩn bị chèn vào trang",
    "new_outbound_link": "Liên kết mới trỏ ra ngoài",
    "injected_script": "Mã script lạ xuất hiện trên trang",
    "injected_iframe": "Khung nhúng (iframe) lạ xuất hiện trên trang",
    "new_page": "Trang mới chưa từng thấy",
    "changed_text": "Nội dung trang thay đổi",
    "redirect": "Trang chuyển hướng ra địa chỉ khác",
}


def open_incident(site: WatchedSite, finding: Finding, before_sha: str, after_sha: str) -> SecurityIncident | None:
    """Open (or find the still-open) incident for a finding; None when it does not warrant one."""
    if not finding.categories and not finding.raises:
        return None
    channel = site.channel
    return open_channel_incident(
        channel, kind=IncidentKind.HARMFUL_CONTENT if finding.categories else finding.incident_kind,
        severity=_severity(finding),
        title=f"{TITLES.get(finding.kind, 'Thay đổi bất thường')} – {channel.name}"
              + (f" ({finding.note})" if finding.note else ""),
        key=f"{site.pk}|{finding.kind}|{finding.page_url}|{finding.after}",
        categories=finding.categories, page_url=finding.page_url, location=finding.selector,
        before=finding.before, after=finding.after, before_sha=before_sha, after_sha=after_sha,
    )


# --- One check ------------------------------------------------------------------------------------


def check_site(site: WatchedSite, limits: Limits | None = None, now=None) -> SiteCheck:
    limits = limits or Limits.from_settings()
    now = now or timezone.now()
    started = time.monotonic()
    check = SiteCheck.objects.create(site=site, started_at=now)
    baselines = {b.url: b for b in site.pages.all()}
    result = crawl(site.base_url, list(baselines), limits)
    _record_availability(site, check, result, now)
    findings: list[dict] = []
    if result.first is not None:
        findings = _compare(site, check, result, baselines)
    check.findings = findings
    check.incidents_opened = len({f["incident"] for f in findings if f.get("incident")})
    check.pages_checked = len(result.pages)
    check.duration_ms = int((time.monotonic() - started) * 1000)
    check.save()
    site.last_checked_at = now
    site.save(update_fields=["last_checked_at", "last_ok", "cert_expires_at", "baseline_at"])
    return check


def _record_availability(site: WatchedSite, check: SiteCheck, result: Crawl, now) -> None:
    first = result.first
    if first is None:
        check.ok, check.error = False, result.error
        site.last_ok = False
        return
    check.status_code = first.status
    check.response_ms = first.elapsed_ms
    check.ok = first.status < 400 and not first.offsite_redirect
    if first.status >= 400:
        check.error = f"Máy chủ trả lỗi HTTP {first.status}."
    https = site.base_url.startswith("https://")
    check.headers_present, check.headers_missing = fetcher.header_report(first.headers, https)
    check.tls_expires_at = first.cert_not_after
    check.tls_warning_days = fetcher.tls_warning_level(first.cert_not_after, now)
    site.last_ok = check.ok
    site.cert_expires_at = first.cert_not_after


def _compare(site: WatchedSite, check: SiteCheck, result: Crawl, baselines: dict[str, PageBaseline]) -> list[dict]:
    host = host_of(site.base_url)
    first_time = not baselines
    old = {url: Snapshot.from_json(b.snapshot) for url, b in baselines.items()}
    known = known_of(old)
    out: list[dict] = []
    for url, snapshot in result.pages.items():
        page_findings = first_look(snapshot, host) if first_time else diff_page(old.get(url), snapshot, host, known)
        if not page_findings:
            continue
        scan_findings(site, check, url, page_findings)
        _mark_lookalike_links(page_findings)
        before_sha = baselines[url].sha256 if url in baselines else ""
        raised = False
        for finding in page_findings:
            incident = open_incident(site, finding, before_sha, snapshot.sha256)
            if incident is not None:
                finding.incident, raised = incident.pk, True
            out.append(finding.to_json())
        if raised:
            snapshot.sha256 = ""  # keep the old baseline (below); a new page gets none
    for page, target in result.redirects:
        finding = Finding("redirect", page, after=target, raises=True, incident_kind=IncidentKind.REDIRECT)
        incident = open_incident(site, finding, baselines[page].sha256 if page in baselines else "", "")
        finding.incident = incident.pk if incident else None
        out.append(finding.to_json())
    _store_baselines(site, result, baselines)
    return out


def _store_baselines(site: WatchedSite, result: Crawl, baselines: dict[str, PageBaseline]) -> None:
    for url, snapshot in result.pages.items():
        if not snapshot.sha256:
            continue  # raised an incident: the old baseline stays the 'before'
        current = baselines.get(url)
        if current is None:
            PageBaseline.objects.create(site=site, url=url[:1000], sha256=snapshot.sha256, snapshot=snapshot.to_json())
        elif current.sha256 != snapshot.sha256:
            current.sha256, current.snapshot = snapshot.sha256, snapshot.to_json()
            current.save(update_fields=["sha256", "snapshot", "updated_at"])
    if site.baseline_at is None and result.pages:
        site.baseline_at = timezone.now()


def check_all(limits: Limits | None = None) -> list[SiteCheck]:
    return [check_site(site_for(channel), limits) for channel in websites().select_related("unit")]


def prune(now=None, keep_days: int | None = None) -> int:
    """Delete checks older than WATCH_KEEP_DAYS (30) that opened no incident, with their page changes
    and scans: 5,000 sites every 15 minutes make about 480,000 checks a day."""
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    from mangxanh.scanning.models import Scan

    keep_days = keep_days if keep_days is not None else getattr(settings, "WATCH_KEEP_DAYS", 30)
    cutoff = (now or timezone.now()) - timedelta(days=keep_days)
    old = SiteCheck.objects.filter(started_at__lt=cutoff, incidents_opened=0)
    content_type = ContentType.objects.get_for_model(PageChange)
    deleted = 0
    while True:
        ids = list(old.values_list("pk", flat=True)[:1000])
        if not ids:
            return deleted
        changes = [str(pk) for pk in PageChange.objects.filter(check_run_id__in=ids).values_list("pk", flat=True)]
        with transaction.atomic():
            Scan.objects.filter(content_type=content_type, object_id__in=changes).delete()
            deleted += SiteCheck.objects.filter(pk__in=ids).delete()[1].get("watch.SiteCheck", 0)
