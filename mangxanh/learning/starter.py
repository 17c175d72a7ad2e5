"""Load the starter library and question bank into a unit (the Sở), scanned and published.

Run for a real province with `mangxanh learning_starter --unit <mã Sở>`; `mangxanh demo load`
runs it for the demo province and adds a demo quiz, class code and pledge.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mangxanh.learning import lessons as lesson_flow
from mangxanh.learning.models import (
    ClassCode,
    Lesson,
    LessonStatus,
    Pledge,
    PledgeTarget,
    Question,
    Quiz,
    Roster,
)
from mangxanh.learning.starter_lessons import LESSONS, SOURCES
from mangxanh.learning.starter_questions import QUESTIONS
from mangxanh.org.models import Unit
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import perform_scan

PLEDGE_TEXT = """Tôi cam kết:
1. Sử dụng mạng xã hội văn minh, không đăng, chia sẻ thông tin sai sự thật, không xúc phạm người khác.
2. Không tham gia, không cổ vũ bắt nạt trên mạng; bảo vệ bạn bè khi bị bắt nạt.
3. Bảo vệ thông tin cá nhân của mình và của người khác; không mua bán tài khoản, dữ liệu cá nhân.
4. Cảnh giác với lừa đảo trực tuyến; không cung cấp mã OTP, mật khẩu cho bất kỳ ai.
5. Khi gặp nguy hiểm trên mạng, báo ngay cho gia đình, nhà trường, gọi 111 hoặc 113."""


def _scan_now(lesson: Lesson) -> Scan | None:
    """Run the lesson's pending scan at once (what the task worker would do), through the one scan path."""
    scan = lesson_flow.latest_scan(lesson)
    if scan is not None and scan.status == ScanStatus.PENDING:
        scan = perform_scan(scan)
    return scan


@transaction.atomic
def load_lessons(unit: Unit, user=None) -> list[Lesson]:
    created = []
    for title, audience, topic, summary, body, sources in LESSONS:
        if Lesson.objects.filter(unit=unit, title=title).exists():
            continue
        lesson = Lesson(unit=unit, audience=audience, topic=topic, summary=summary, sources=SOURCES[sources])
        lesson_flow.save_lesson(lesson, user, title, body)
        created.append(lesson)
    return created


def publish_scanned(lessons: list[Lesson], user=None) -> int:
    published = 0
    for lesson in lessons:
        _scan_now(lesson)
        try:
            lesson_flow.publish(lesson, user)
            published += 1
        except lesson_flow.LessonError:
            pass  # stays a draft for an editor to fix
    return published


@transaction.atomic
def load_questions(unit: Unit) -> int:
    if Question.objects.filter(unit=unit).exists():
        return 0
    Question.objects.bulk_create(
        Question(unit=unit, audience=audience, topic=topic, kind=kind, text=text, choices=choices, correct=correct,
                 explanation=explanation)
        for audience, topic, kind, text, choices, correct, explanation in QUESTIONS
    )
    return len(QUESTIONS)


def load(unit: Unit, user=None) -> dict:
    lessons = load_lessons(unit, user)
    published = publish_scanned(lessons, user)
    return {"lessons": len(lessons), "published": published, "questions": load_questions(unit),
            "draft_lessons": Lesson.objects.filter(unit=unit).exclude(status=LessonStatus.PUBLISHED).count()}


@transaction.atomic
def load_demo() -> dict:
    """The starter set in the demo Sở, plus an open quiz, a class code, a pledge and rosters."""
    root = Unit.objects.get(code="SGD-SL")
    numbers = load(root)
    now = timezone.now()
    quiz, _ = Quiz.objects.get_or_create(unit=root, title="Tìm hiểu an toàn trên không gian mạng năm 2026", defaults={
        "audience": "thcs", "question_count": 10, "time_limit_minutes": 15, "max_attempts": 2, "pass_percent": 50,
        "opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=60)})
    school = Unit.objects.get(code="THCS-BENTHUY")
    ClassCode.objects.get_or_create(quiz=quiz, unit=school, class_name="8A", defaults={"code": "BT8A26"})
    pledge, _ = Pledge.objects.get_or_create(unit=root, title="Cam kết sử dụng mạng xã hội an toàn, văn minh",
                                             defaults={"text": PLEDGE_TEXT})
    for code, pupils, staff in (("THCS-BENTHUY", 620, 45), ("THCS-HONGSON", 540, 40), ("TH-BENTHUY", 700, 38)):
        unit = Unit.objects.get(code=code)
        Roster.objects.get_or_create(unit=unit, defaults={"pupils": pupils, "staff": staff})
        PledgeTarget.objects.get_or_create(pledge=pledge, unit=unit, defaults={"expected": pupils + staff})
    return numbers
