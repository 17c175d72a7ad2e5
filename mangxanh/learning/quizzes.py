"""Quizzes: start an attempt (random draw), save each answer as it is given, finish exactly once.

Time limits are enforced here, on the server: an answer after the deadline is refused, and
finishing late counts only what was saved in time. Finishing is one conditional UPDATE, so two
"nộp bài" requests (a double tap, a retry after a dropped connection) grade the attempt once.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from mangxanh.learning.lessons import shared_with
from mangxanh.learning.models import (
    Attempt,
    AttemptQuestion,
    ClassCode,
    Question,
    Quiz,
)
from mangxanh.org import permissions, rules
from mangxanh.org.models import Unit

MAX_NAME = 100
MAX_CLASS = 30


class QuizError(Exception):
    """Refused; the message is Vietnamese and safe to show."""


def name_key(name: str) -> str:
    """A name compared without case, accents or extra spaces (for attempt limits)."""
    text = unicodedata.normalize("NFD", " ".join(name.split()).casefold()).replace("đ", "d")
    return "".join(ch for ch in text if not unicodedata.combining(ch))[:MAX_NAME]


def clean_person(name: str, class_name: str) -> tuple[str, str]:
    name = unicodedata.normalize("NFC", " ".join((name or "").split()))
    class_name = unicodedata.normalize("NFC", " ".join((class_name or "").split())).upper()
    if len(name) < 2:
        raise QuizError("Hãy nhập họ và tên.")
    if len(name) > MAX_NAME or len(class_name) > MAX_CLASS:
        raise QuizError("Họ tên hoặc tên lớp quá dài.")
    return name, class_name


def quizzes_for(unit: Unit) -> QuerySet:
    """Quizzes organised by unit or a unit above it."""
    return Quiz.objects.filter(shared_with(unit)).select_related("unit")


def question_pool(quiz: Quiz) -> QuerySet:
    qs = Question.objects.filter(shared_with(quiz.unit), is_active=True, audience=quiz.audience)
    return qs.filter(topic=quiz.topic) if quiz.topic else qs


def _attempts_of(quiz: Quiz, unit: Unit, user, key: str, class_name: str) -> QuerySet:
    if user is not None:
        return quiz.attempts.filter(user=user)
    return quiz.attempts.filter(unit=unit, user__isnull=True, name_key=key, class_name=class_name)


@transaction.atomic
def start(quiz: Quiz, *, unit: Unit, name: str, class_name: str = "", user=None,
          class_code: ClassCode | None = None, now: dt.datetime | None = None) -> Attempt:
    now = now or timezone.now()
    if not quiz.is_open(now):
        raise QuizError("Bài kiểm tra chưa mở hoặc đã đóng.")
    if not unit.path.startswith(quiz.unit.path):
        raise QuizError("Bài kiểm tra này không dành cho đơn vị của bạn.")
    name, class_name = clean_person(name, class_name)
    # One participant = one name in one class of one unit (counted once however many attempts).
    key = f"{class_name}|{name_key(name)}"[:MAX_NAME]
    # Lock the quiz row so two simultaneous starts cannot both pass the attempt limit.
    Quiz.objects.select_for_update().filter(pk=quiz.pk).first()
    previous = _attempts_of(quiz, unit, user, key, class_name)
    # Coming back after a dropped connection (or on another device): carry on with the unfinished attempt.
    unfinished = previous.filter(finished_at__isnull=True, deadline__gt=now).order_by("-started_at").first()
    if unfinished is not None:
        return unfinished
    if previous.count() >= quiz.max_attempts:
        raise QuizError(f"Bạn đã làm đủ {quiz.max_attempts} lượt cho bài kiểm tra này.")
    pool = list(question_pool(quiz).values_list("pk", flat=True))
    if not pool:
        raise QuizError("Ngân hàng câu hỏi chưa có câu nào cho bài kiểm tra này.")
    drawn = random.SystemRandom().sample(pool, min(quiz.question_count, len(pool)))
    deadline = min(now + dt.timedelta(minutes=quiz.time_limit_minutes), quiz.closes_at)
    attempt = Attempt.objects.create(
        quiz=quiz, unit=unit, user=user, class_code=class_code, name=name, name_key=key,
        class_name=class_name, is_pupil=user is None,  # accounts belong to staff; pupils use class codes
        started_at=now, deadline=deadline, total=len(drawn),
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(attempt=attempt, question_id=pk, position=i) for i, pk in enumerate(drawn, 1)
    )
    return attempt


def start_with_code(code: str, name: str, class_name: str = "", now=None) -> Attempt:
    entry = ClassCode.objects.select_related("quiz", "quiz__unit", "unit").filter(
        code=(code or "").strip().upper(), quiz__isnull=False).first()
    if entry is None:
        raise QuizError("Mã lớp không đúng. Hãy hỏi lại thầy cô.")
    return start(entry.quiz, unit=entry.unit, name=name, class_name=class_name or entry.class_name,
                 class_code=entry, now=now)


def answer(attempt: Attempt, position: int, selected: list[int], now: dt.datetime | None = None) -> AttemptQuestion:
    """Save one answer at once (a dropped connection later loses nothing already given)."""
    now = now or timezone.now()
    if attempt.finished_at is not None:
        raise QuizError("Bài đã nộp; không sửa được câu trả lời.")
    if now > attempt.deadline:
        raise QuizError("Đã hết giờ làm bài; câu trả lời này không được ghi nhận.")
    item = attempt.items.select_related("question").filter(position=position).first()
    if item is None:
        raise QuizError("Không có câu hỏi này trong bài.")
    count = len(item.question.choices)
    chosen = sorted({int(i) for i in selected})
    if not chosen or any(i < 0 or i >= count for i in chosen):
        raise QuizError("Hãy chọn một phương án.")
    if not item.question.is_multiple and len(chosen) > 1:
        raise QuizError("Câu này chỉ chọn một phương án.")
    item.selected = chosen
    item.answered_at = now
    item.is_correct = item.question.is_right(chosen)
    item.save(update_fields=["selected", "answered_at", "is_correct"])
    return item


def finish(attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Grade once: the conditional UPDATE is the lock; a second call only reloads the result."""
    now = now or timezone.now()
    in_time = attempt.items.filter(answered_at__isnull=False, answered_at__lte=attempt.deadline)
    right = in_time.filter(is_correct=True).count()
    total = attempt.total or 1
    score = round(100.0 * right / total, 1)
    Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(
        finished_at=min(now, attempt.deadline), correct_count=right, score=score,
        passed=score >= attempt.quiz.pass_percent,
    )
    attempt.refresh_from_db()
    return attempt


def finish_if_expired(attempt: Attempt, now=None) -> Attempt:
    now = now or timezone.now()
    if attempt.finished_at is None and now > attempt.deadline:
        return finish(attempt, now)
    return attempt


def is_organiser(user, quiz: Quiz) -> bool:
    return permissions.can(user, "learning.organise", quiz.unit)


def visible_attempts(user, quiz: Quiz) -> QuerySet:
    """Individual results: all for the organiser; otherwise pupils only of the user's own schools
    (where they hold a staff role themselves) and adults within their scope."""
    qs = quiz.attempts.select_related("unit")
    if is_organiser(user, quiz):
        return qs
    own_units = [m.unit_id for m in rules.memberships(user) if m.role in permissions.roles_for("learning.staff")]
    adults = qs.filter(is_pupil=False).filter(permissions.scope_q(user, "learning.staff"))
    return qs.filter(Q(is_pupil=True, unit_id__in=own_units) | Q(pk__in=adults.values("pk")))
