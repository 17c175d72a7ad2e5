"""Essay and poster rounds: submit (text or image), scan, hold what the engine flags, score with a rubric.

A submission is scanned through the one scan path (`scanning.service.request_scan`) like a lesson:
until the scan is done it is not shown to the jury; a scan that says anything but «cho phép» holds
it for the organiser, who lets it through or turns it down. Images are stored through
`files.storage` with their metadata stripped (GPS position, owner) and the pixel limit checked.
The engine reads the title and text; the pixels of a poster are seen by people only (organiser, jury).

Marking is blind: jurors see «Bài số N», never a name, class or school, until the organiser
publishes the results.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from mangxanh.files.storage import IMAGES, UploadError, detect_mime
from mangxanh.files.uploads import accept_upload
from mangxanh.learning.models import (
    ClassCode,
    EssayKind,
    EssayRound,
    JuryScore,
    RubricCriterion,
    Submission,
    SubmissionStatus,
)
from mangxanh.learning.quizzes import QuizError, clean_person, name_key
from mangxanh.org import permissions, rules
from mangxanh.org.models import Unit
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import request_scan

MAX_TEXT = 20_000
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_CRITERIA = 12


class EssayError(QuizError):
    """Refused; Vietnamese message."""


def is_organiser(user, essay_round: EssayRound) -> bool:
    return permissions.can(user, "learning.organise", essay_round.contest.unit)


def is_juror(user, essay_round: EssayRound) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and essay_round.jurors.filter(pk=user.pk).exists()


def parse_rubric(text: str) -> list[tuple[str, int]]:
    """Lines «Tiêu chí: điểm tối đa», e.g. «Nội dung đúng, đủ: 40»."""
    criteria = []
    for number, line in enumerate((text or "").splitlines(), 1):
        line = " ".join(line.split())
        if not line:
            continue
        name, sep, points = line.rpartition(":")
        if not sep or not name.strip() or not points.strip().isdigit() or not 0 < int(points) <= 100:
            raise EssayError(f"Dòng {number} của thang điểm cần có dạng «Tên tiêu chí: điểm tối đa» "
                             "(điểm từ 1 đến 100).")
        criteria.append((name.strip()[:200], int(points)))
    if not criteria:
        raise EssayError("Hãy nhập ít nhất một tiêu chí chấm.")
    if len(criteria) > MAX_CRITERIA:
        raise EssayError(f"Tối đa {MAX_CRITERIA} tiêu chí chấm.")
    return criteria


@transaction.atomic
def create_round(contest, *, user, title: str, prompt: str, kind: str, opens_at, closes_at, rubric: str,
                 jurors) -> EssayRound:
    permissions.require_person(user, "learning.organise", contest.unit)
    criteria = parse_rubric(rubric)
    if closes_at <= opens_at:
        raise EssayError("Hạn nộp bài phải sau thời điểm mở.")
    essay_round = EssayRound.objects.create(contest=contest, title=title, prompt=prompt, kind=kind,
                                            opens_at=opens_at, closes_at=closes_at)
    essay_round.jurors.set(jurors)
    RubricCriterion.objects.bulk_create(
        RubricCriterion(round=essay_round, name=name, max_points=points, position=i)
        for i, (name, points) in enumerate(criteria))
    return essay_round


def _check_image(upload) -> None:
    """Plain words for the two mistakes a pupil makes; the upload path checks the rest."""
    if upload.size > MAX_IMAGE_BYTES:
        raise EssayError(f"Ảnh quá lớn: tối đa {MAX_IMAGE_BYTES // (1024 * 1024)} MB.")
    head = upload.read(8192)
    upload.seek(0)
    if detect_mime(head) not in IMAGES:
        raise EssayError("Tệp gửi kèm phải là ảnh (JPG, PNG, WEBP hoặc GIF).")


@transaction.atomic
def submit(essay_round: EssayRound, *, unit: Unit, name: str, class_name: str = "", title: str, text: str = "",
           image=None, user=None, class_code: ClassCode | None = None, now=None) -> Submission:
    """Store one entry and ask for its scan; nothing is stored when any check fails."""
    now = now or timezone.now()
    if not essay_round.is_open(now):
        raise EssayError("Vòng thi chưa mở nhận bài hoặc đã hết hạn nộp.")
    if not unit.path.startswith(essay_round.contest.unit.path):
        raise EssayError("Vòng thi này không dành cho đơn vị của bạn.")
    try:
        name, class_name = clean_person(name, class_name)
    except QuizError as exc:
        raise EssayError(str(exc)) from exc
    title = " ".join((title or "").split())[:200]
    text = (text or "").strip()
    if not title:
        raise EssayError("Hãy đặt tên cho bài dự thi.")
    if len(text) > MAX_TEXT:
        raise EssayError(f"Bài viết dài quá {MAX_TEXT:,} ký tự.".replace(",", "."))
    if essay_round.kind == EssayKind.TEXT and (image or len(text) < 50):
        raise EssayError("Vòng thi này nhận bài viết: hãy viết ít nhất 50 ký tự, không gửi ảnh.")
    if essay_round.kind == EssayKind.IMAGE and not image:
        raise EssayError("Vòng thi này nhận tranh, áp phích: hãy chọn một tệp ảnh.")
    if essay_round.kind == EssayKind.BOTH and not image and len(text) < 50:
        raise EssayError("Hãy gửi một bài viết (ít nhất 50 ký tự) hoặc một ảnh tranh, áp phích.")
    key = f"{class_name}|{name_key(name)}"[:100]
    if Submission.objects.filter(round=essay_round, unit=unit, name_key=key).exists():
        raise EssayError("Bạn đã nộp bài cho vòng thi này; mỗi người nộp một bài.")
    stored = None
    if image:
        _check_image(image)
        try:
            stored = accept_upload(image, allowed=IMAGES, max_bytes=MAX_IMAGE_BYTES).file
        except UploadError as exc:
            raise EssayError(str(exc)) from exc
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                round=essay_round, unit=unit, user=user, class_code=class_code, name=name, name_key=key,
                class_name=class_name, is_pupil=user is None, title=title, text=text, image=stored,
                submitted_at=now)
    except IntegrityError as exc:  # a double tap: the first one won
        raise EssayError("Bạn đã nộp bài cho vòng thi này; mỗi người nộp một bài.") from exc
    request_scan(submission)
    return submission


def submit_with_code(code: str, **fields) -> Submission:
    entry = ClassCode.objects.select_related("essay_round__contest__unit", "unit").filter(
        code=(code or "").strip().upper(), essay_round__isnull=False).first()
    if entry is None:
        raise EssayError("Mã lớp không đúng. Hãy hỏi lại thầy cô.")
    fields["class_name"] = fields.get("class_name") or entry.class_name
    return submit(entry.essay_round, unit=entry.unit, class_code=entry, **fields)


def on_scan_completed(sender, item, scan: Scan, **kwargs) -> None:
    """A clean scan lets the entry through to the jury; anything flagged is held for the organiser."""
    if not isinstance(item, Submission) or scan.status != ScanStatus.DONE:
        return
    status = SubmissionStatus.ACCEPTED if scan.verdict == "allow" else SubmissionStatus.HELD
    Submission.objects.filter(pk=item.pk, status=SubmissionStatus.PENDING).update(status=status)


def latest_scan(submission: Submission) -> Scan | None:
    return Scan.objects.latest_for(submission)


def decide(submission: Submission, user, accept: bool) -> None:
    """The organiser lets a held entry through or turns it down."""
    if not is_organiser(user, submission.round):
        raise EssayError("Chỉ ban tổ chức mới xét được bài bị tạm giữ.")
    if submission.status not in (SubmissionStatus.HELD, SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED):
        raise EssayError("Bài đang được quét; hãy chờ kết quả quét.")
    submission.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.REJECTED
    submission.save(update_fields=["status"])


def for_jury(essay_round: EssayRound) -> QuerySet:
    return essay_round.submissions.filter(status=SubmissionStatus.ACCEPTED).select_related("unit", "image")


@transaction.atomic
def score(submission: Submission, juror, points: dict[int, str]) -> int:
    """Save a juror's points for every criterion at once; returns the total."""
    essay_round = submission.round
    if not is_juror(juror, essay_round):
        raise EssayError("Bạn không có tên trong ban giám khảo của vòng thi này.")
    if essay_round.results_published:
        raise EssayError("Kết quả đã công bố; không sửa điểm được nữa.")
    if submission.status != SubmissionStatus.ACCEPTED:
        raise EssayError("Bài này chưa được đưa ra chấm.")
    total, rows = 0, []
    for criterion in essay_round.criteria.all():
        raw = str(points.get(criterion.pk, "")).strip()
        if not raw.isdigit() or int(raw) > criterion.max_points:
            raise EssayError(f"Điểm «{criterion.name}» phải là số nguyên từ 0 đến {criterion.max_points}.")
        rows.append((criterion, int(raw)))
        total += int(raw)
    for criterion, value in rows:
        JuryScore.objects.update_or_create(submission=submission, juror=juror, criterion=criterion,
                                           defaults={"points": value})
    return total


def publish_results(essay_round: EssayRound, user) -> None:
    if not is_organiser(user, essay_round):
        raise EssayError("Chỉ ban tổ chức mới công bố được kết quả.")
    essay_round.results_published = True
    essay_round.save(update_fields=["results_published"])


def results(essay_round: EssayRound) -> dict:
    """Per entry: each juror's total and the average over jurors who marked every criterion;
    per unit (school): entries, entries marked and their average. Entries best first."""
    criteria = list(essay_round.criteria.all())
    full = len(criteria)
    by_entry: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row in JuryScore.objects.filter(submission__round=essay_round).values("submission_id", "juror_id", "points"):
        by_entry[row["submission_id"]][row["juror_id"]].append(row["points"])
    entries = []
    for submission in for_jury(essay_round):
        totals = [sum(p) for p in by_entry[submission.pk].values() if len(p) == full]
        entries.append({"submission": submission, "jurors": len(totals),
                        "score": round(sum(totals) / len(totals), 1) if totals else None})
    entries.sort(key=lambda e: (e["score"] is None, -(e["score"] or 0), e["submission"].pk))
    units: dict[int, dict] = {}
    for entry in entries:
        unit = entry["submission"].unit
        row = units.setdefault(unit.pk, {"unit": unit, "entries": 0, "marked": 0, "total": 0.0})
        row["entries"] += 1
        if entry["score"] is not None:
            row["marked"] += 1
            row["total"] += entry["score"]
    unit_rows = sorted(units.values(), key=lambda r: r["unit"].name)
    for row in unit_rows:
        row["average"] = round(row["total"] / row["marked"], 1) if row["marked"] else None
    return {"entries": entries, "units": unit_rows, "max_points": sum(c.max_points for c in criteria)}


def visible_submissions(user, essay_round: EssayRound) -> QuerySet:
    """Names of entrants: the organiser, and the staff of the entrant's own school (as for quiz scores)."""

    qs = essay_round.submissions.select_related("unit")
    if is_organiser(user, essay_round):
        return qs
    own_units = [m.unit_id for m in rules.memberships(user) if m.role in permissions.roles_for("learning.staff")]
    return qs.filter(unit_id__in=own_units)
