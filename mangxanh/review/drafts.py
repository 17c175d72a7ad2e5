"""The draft workflow as plain functions: save a version, fix a finding, submit, claim, decide."""

from __future__ import annotations

import html
import re

import nh3
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mangxanh.core import workflow
from mangxanh.core.text import is_broken
from mangxanh.org import permissions
from mangxanh.review.channels import unit_channel_for_link
from mangxanh.review.models import (
    CLAIM_TTL,
    EDITABLE,
    ApprovalSequence,
    Draft,
    DraftStatus,
    DraftVersion,
    ReviewAction,
    ReviewComment,
    ReviewEvent,
    WorkflowError,
)
from mangxanh.review.notify import notify_draft
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import request_scan

MAX_TITLE = 300
MAX_BODY = 200_000
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}


class NeedsConfirmation(WorkflowError):
    """A step that is allowed but probably a mistake: the person must confirm it (warnings say why)."""

    def __init__(self, warnings: list[str]):
        super().__init__(" ".join(warnings))
        self.warnings = warnings


class ReviewDenied(WorkflowError, PermissionDenied):
    """The person lacks the capability: a PermissionDenied that views catching WorkflowError still show."""


def _require(user, capability: str, draft: Draft, message: str) -> None:
    # Who may do what: "review.edit", "review.decide", "review.override" in mangxanh.org.permissions.
    if not permissions.can(user, capability, draft.unit):
        raise ReviewDenied(message)


EDIT_DENIED = "Bạn không có quyền soạn bài của đơn vị này."
REVIEW_DENIED = "Bạn không có quyền duyệt bài của đơn vị này."


def clean_html(body: str) -> str:
    return nh3.clean(body or "", tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow")


_BLOCK_END = re.compile(r"</(p|li|h2|h3|blockquote)>|<br\s*/?>", re.I)


def html_to_text(body_html: str) -> str:
    """Plain text for scanning and display: one line per paragraph, entities decoded."""
    text = _BLOCK_END.sub("\n", body_html)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line)


def text_to_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())


# The editor is a plain text box: people write text, never HTML. Paragraphs are lines; a few marks
# keep the formatting the sanitiser allows (**đậm**, *nghiêng*, "- " lists, "## " headings,
# "> " quotes, [chữ](https://…) links). HTML pasted or sent by the API is still accepted as HTML.
_HTML_TAG = re.compile(r"</?(?:p|br|b|strong|i|em|u|ul|ol|li|a|h2|h3|blockquote)\b[^>]*>", re.I)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_BLOCKS = (("## ", "h2"), ("### ", "h3"), ("> ", "blockquote"))


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = _LINK.sub(lambda m: f'<a href="{m.group(2).replace(chr(34), "&quot;")}">{m.group(1)}</a>', out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _ITALIC.sub(r"<em>\1</em>", out)


def markup_to_html(text: str) -> str:
    """What the editor typed, as HTML: HTML stays HTML; plain text becomes paragraphs and lists."""
    if _HTML_TAG.search(text or ""):
        return text
    parts: list[str] = []
    items: list[str] = []
    for raw in (text or "").replace("\r", "").split("\n"):
        line = raw.strip()
        if line.startswith(("- ", "* ", "• ")):
            items.append(f"<li>{_inline(line[2:].strip())}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if not line:
            continue
        tag = next((t for prefix, t in _BLOCKS if line.startswith(prefix)), "p")
        content = line.split(" ", 1)[1] if tag != "p" else line
        parts.append(f"<{tag}>{_inline(content.strip())}</{tag}>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


_TO_MARKUP = (
    (re.compile(r"<(strong|b)>(.*?)</\1>", re.I | re.S), r"**\2**"),
    (re.compile(r"<(em|i)>(.*?)</\1>", re.I | re.S), r"*\2*"),
    (re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.I | re.S), r"[\2](\1)"),
    (re.compile(r"<li>", re.I), "\n- "),
    (re.compile(r"<h2>", re.I), "\n\n## "),
    (re.compile(r"<h3>", re.I), "\n\n### "),
    (re.compile(r"<blockquote>", re.I), "\n\n> "),
    (re.compile(r"<br\s*/?>", re.I), "\n"),
    (re.compile(r"</(p|h2|h3|blockquote|ul|ol)>", re.I), "\n\n"),
)


def editor_text(body_html: str) -> str:
    """A stored body as the editor shows it: text with paragraphs and the few marks, no tags."""
    text = body_html or ""
    for pattern, replacement in _TO_MARKUP:
        text = pattern.sub(replacement, text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def validate_content(title: str, body: str) -> None:
    if not title.strip():
        raise WorkflowError("Tiêu đề không được để trống.")
    if len(title) > MAX_TITLE:
        raise WorkflowError(f"Tiêu đề quá dài (tối đa {MAX_TITLE} ký tự).")
    if len(body) > MAX_BODY:
        raise WorkflowError("Nội dung quá dài (tối đa 200.000 ký tự).")
    for value in (title, body):
        # U+FFFD is what undecodable bytes become; surrogates cannot be stored at all.
        if is_broken(value):
            raise WorkflowError("Nội dung có ký tự hỏng (lỗi mã hóa); hãy dán lại văn bản.")


def save_version(draft: Draft, user, title: str, body: str, note: str = "") -> DraftVersion:
    """An editor stores a new immutable version and asks for its scan (the scan runs in a task)."""
    return write_version(draft, user, title, body, note, capability="review.edit")


@transaction.atomic
def write_version(draft: Draft, author, title: str, body: str, note: str = "", *, capability: str) -> DraftVersion:
    """Store a new version written under `capability`, checked on the draft's unit: "review.edit" for the
    unit's editors, "learning.bulletin_publish" for a Sở sending a bulletin to its schools (a draft the
    school's editors and reviewers then own). No default: every caller says what it acts under."""
    _require(author, capability, draft, EDIT_DENIED)
    if draft.pk and draft.status not in EDITABLE:
        raise WorkflowError("Bài viết đang chờ duyệt hoặc đã duyệt, không sửa được.")
    validate_content(title, body)
    title = " ".join(title.split())  # one line: the scanned text is "title\n\nbody"
    if draft.pk is None:
        draft.save()
    body_html = clean_html(markup_to_html(body))
    last = draft.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DraftVersion.objects.create(
        draft=draft, number=last + 1, title=title, body_html=body_html,
        body_text=html_to_text(body_html), author=author, note=note,
    )
    draft._latest = version
    scan = request_scan(version)
    # Until the new version's scan is done, the queue knows no verdict for the draft.
    draft.latest_scan, draft.scan_verdict = scan, ""
    Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now(), latest_scan=scan, scan_verdict="")
    return version


def latest_scan(version: DraftVersion | None) -> Scan | None:
    return Scan.objects.latest_for(version) if version else None


# --- One-click fixes ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    finish = stop.end() if stop else len(text)
    return begin, finish


def apply_fix(draft: Draft, user, finding, action: str) -> DraftVersion:
    """Mask a finding with its suggestion, or remove the sentence holding it; a new version."""
    version = draft.latest_version
    text = version.scan_text()
    if text[finding.start : finding.end] != finding.evidence:
        raise WorkflowError("Phát hiện này không còn khớp với bản mới nhất; hãy tải lại trang.")
    if action == "mask":
        if not finding.suggestion:
            raise WorkflowError("Phát hiện này không có gợi ý che bớt.")
        new_text = text[: finding.start] + finding.suggestion + text[finding.end :]
        note = "Che thông tin: " + finding.suggestion
    elif action == "remove":
        begin, finish = sentence_bounds(text, finding.start, finding.end)
        new_text = (text[:begin].rstrip(" ") + (" " if text[finish:finish + 1] not in ("", "\n") else "")
                    + text[finish:].lstrip(" "))
        note = "Xóa câu có phát hiện"
    else:
        raise WorkflowError("Cách sửa không hợp lệ.")
    title, _, body_text = new_text.partition("\n\n")
    if not title.strip():
        raise WorkflowError("Không thể xóa cả tiêu đề; hãy sửa tiêu đề bằng tay.")
    # Keep the editor's markup when the fix is a plain replacement inside the HTML.
    old_body = version.body_html
    body = text_to_html(body_text)
    if action == "mask":
        escaped = html.escape(finding.evidence, quote=False)
        if escaped in old_body and finding.start >= len(version.title) + 2:
            body = old_body.replace(escaped, html.escape(finding.suggestion, quote=False), 1)
    return save_version(draft, user, title, body, note=note)


def mask_all(draft: Draft, user, findings, label: str) -> DraftVersion:
    """Mask every given finding (one kind, e.g. every date of birth) with its suggestion: one new version."""
    version = draft.latest_version
    text = version.scan_text()
    targets: list = []
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if f.suggestion and text[f.start : f.end] == f.evidence and (not targets or f.start >= targets[-1].end):
            targets.append(f)
    if not targets:
        raise WorkflowError("Không còn phát hiện nào loại này để che; hãy tải lại trang.")
    new_text = text
    for f in reversed(targets):
        new_text = new_text[: f.start] + f.suggestion + new_text[f.end :]
    title, _, body_text = new_text.partition("\n\n")
    body = version.body_html
    for f in targets:  # keep the editor's markup where each value is plain text inside the HTML
        if f.start < len(version.title) + 2:
            continue
        escaped = html.escape(f.evidence, quote=False)
        if escaped not in body:
            body = text_to_html(body_text)
            break
        body = body.replace(escaped, html.escape(f.suggestion, quote=False), 1)
    return save_version(draft, user, title, body, note=f"Che tất cả {label}")


# --- Review ---------------------------------------------------------------------------------------


def submit_warnings(draft: Draft) -> list[str]:
    """Why sending this draft now is probably a mistake (empty: nothing to confirm)."""
    warnings = []
    if draft.scan_verdict == "block":
        warnings.append("Bài còn phát hiện mức chặn (ví dụ số định danh, số điện thoại của học sinh, lời lẽ "
                        "xúc phạm): ban biên tập sẽ không duyệt nếu chưa sửa, trừ khi lãnh đạo đơn vị duyệt vượt "
                        "có ghi lý do. Nên sửa hoặc che các phát hiện đó trước khi gửi.")
    if draft.status == DraftStatus.RETURNED:
        returned = draft.events.filter(action=ReviewAction.RETURN).order_by("-created_at", "-pk").first()
        latest = draft.latest_version
        if returned is not None and latest is not None and returned.version_id == latest.pk:
            warnings.append("Bài bị trả lại nhưng chưa sửa: bạn đang gửi lại đúng bản đã bị trả lại. "
                            "Hãy xem góp ý của ban biên tập và sửa bài trước khi gửi lại.")
    return warnings


@transaction.atomic
def submit(draft: Draft, user, *, confirmed: bool = False) -> None:
    """Send the draft for review; raises NeedsConfirmation for a likely mistake not yet confirmed."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    _require(user, "review.edit", draft, EDIT_DENIED)
    if draft.status not in EDITABLE:
        raise WorkflowError("Bài viết này không ở trạng thái gửi duyệt được.")
    refused = workflow.refusal(draft, DraftStatus.SUBMITTED, user=user)
    if refused:  # a refusal (no content, no parents' consent) comes before asking to confirm
        raise WorkflowError(refused)
    warnings = submit_warnings(draft)
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    # The declared step and its guard (content, parents' consent) live on Draft.
    workflow.transition(draft, DraftStatus.SUBMITTED, user=user, audit_action="submit",
                        message="Gửi duyệt bài viết", review_action=ReviewAction.SUBMIT,
                        version=draft.latest_version,
                        fields={"submitted_at": timezone.now(), "claimed_by": None, "claimed_at": None})
    notify_draft(draft, "waiting")


def can_review(user, draft: Draft) -> bool:
    return permissions.can(user, "review.decide", draft.unit)


def claim(draft: Draft, user) -> bool:
    """Take the draft for review. A conditional UPDATE, so two reviewers never both win."""
    _require(user, "review.decide", draft, REVIEW_DENIED)
    now = timezone.now()
    free = Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - CLAIM_TTL) | Q(claimed_by=user)
    won = Draft.objects.filter(free, pk=draft.pk, status=DraftStatus.SUBMITTED).update(
        claimed_by=user, claimed_at=now
    )
    if won:
        ReviewEvent.objects.create(draft=draft, version=draft.latest_version, actor=user, action=ReviewAction.CLAIM)
    draft.refresh_from_db()
    return bool(won)


def release(draft: Draft, user) -> None:
    if Draft.objects.filter(pk=draft.pk, claimed_by=user).update(claimed_by=None, claimed_at=None):
        ReviewEvent.objects.create(draft=draft, actor=user, action=ReviewAction.RELEASE)
    draft.refresh_from_db()


@transaction.atomic
def decide(draft: Draft, user, action: str, comment: str = "", override_reason: str = "",
           passages: list[tuple[int | None, int | None, str, str]] | None = None) -> Draft:
    """Approve, return or reject a submitted draft that the user has claimed."""
    draft = Draft.objects.select_for_update().select_related("unit").get(pk=draft.pk)
    _require(user, "review.decide", draft, REVIEW_DENIED)
    if draft.status != DraftStatus.SUBMITTED:
        raise WorkflowError("Bài viết không còn ở trạng thái chờ duyệt.")
    holder = draft.claim_holder()
    if holder is None or holder.pk != user.pk:
        who = f" ({holder.full_name or holder.username} đang giữ)" if holder else ""
        raise WorkflowError("Bạn cần nhận duyệt bài này trước khi quyết định" + who + ".")
    version = draft.latest_version
    now = timezone.now()
    comment = (comment or "").strip()
    scan = latest_scan(version)
    fields: dict = {"decided_by": user, "decided_at": now, "claimed_by": None, "claimed_at": None}
    if action == ReviewAction.APPROVE:
        if scan is None or scan.status == ScanStatus.PENDING:
            raise WorkflowError("Bản mới nhất đang được quét; hãy chờ kết quả rồi duyệt.")
        if scan.verdict == "block":
            override_reason = (override_reason or "").strip()
            _require(user, "review.override", draft, "Bài có phát hiện mức chặn: chỉ lãnh đạo đơn vị mới được duyệt vượt.")
            if len(override_reason) < 10:
                raise WorkflowError("Bài có phát hiện mức chặn: cần ghi lý do duyệt (ít nhất 10 ký tự).")
            fields["override_reason"] = override_reason
        to = DraftStatus.APPROVED
        fields.update(approved_version=version, approval_code=ApprovalSequence.next_code(draft.unit, now.year))
    elif action == ReviewAction.RETURN:
        if not comment and not passages:
            raise WorkflowError("Khi trả lại, hãy ghi góp ý để người soạn biết cần sửa gì.")
        to = DraftStatus.RETURNED
    elif action == ReviewAction.REJECT:
        if not comment:
            raise WorkflowError("Khi từ chối, hãy ghi lý do.")
        to = DraftStatus.REJECTED
    else:
        raise WorkflowError("Quyết định không hợp lệ.")
    text = version.scan_text()
    for start, end, _quote, _note in passages or []:
        if start is not None and end is not None and not (0 <= start < end <= len(text)):
            raise WorkflowError("Đoạn được góp ý nằm ngoài nội dung bài.")
    # One recorded decision: the step, the reviewer, the comment and the scan it relied on.
    workflow.transition(draft, to, user=user, reason=comment, scan=scan, fields=fields, audit_action=action,
                        message=comment or fields.get("override_reason", "") or draft.override_reason,
                        review_action=action, version=version, comment=comment)
    for start, end, quote, note in passages or []:
        if start is not None and end is not None:
            quote = text[start:end]
        ReviewComment.objects.create(
            draft=draft, version=version, author=user, start=start, end=end, quote=quote[:2000], text=note
        )
    if comment:
        ReviewComment.objects.create(draft=draft, version=version, author=user, text=comment)
    notify_draft(draft, {"approve": "approved", "return": "returned", "reject": "rejected"}[action])
    return draft


@transaction.atomic
def record_publication(draft: Draft, user, url: str, when=None) -> Draft:
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    _require(user, "review.edit", draft, EDIT_DENIED)
    if draft.status not in (DraftStatus.APPROVED, DraftStatus.PUBLISHED):
        raise WorkflowError("Chỉ ghi nhận đăng bài cho bài đã được duyệt.")
    if unit_channel_for_link(draft.unit, url) is None:
        raise WorkflowError(
            "Đường dẫn này không thuộc kênh chính thức nào đã đăng ký của đơn vị. Hãy dán đường dẫn của bài "
            "trên trang, website hoặc tài khoản của đơn vị (xem danh sách ở mục «Kênh chính thức»), hoặc nhờ "
            "quản trị đơn vị đăng ký kênh trước khi ghi nhận.")
    return workflow.transition(draft, DraftStatus.PUBLISHED, user=user, audit_action="publish",
                               message=f"Ghi nhận đã đăng: {url}", review_action=ReviewAction.PUBLISH,
                               version=draft.approved_version, comment=url,
                               fields={"published_url": url, "published_at": when or timezone.now()})
