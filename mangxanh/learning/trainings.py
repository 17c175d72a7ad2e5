"""Training sessions: attendance by a list typed by the organiser or by the session's short code."""

from __future__ import annotations

import unicodedata

from django.db import IntegrityError, transaction

from mangxanh.learning.models import Attendance, TrainingSession
from mangxanh.learning.quizzes import QuizError, name_key

MAX_LIST = 2000


class TrainingError(QuizError):
    """Refused; Vietnamese message."""


def _add(session: TrainingSession, name: str, workplace: str, by_code: bool) -> bool:
    name = unicodedata.normalize("NFC", " ".join(name.split()))[:100]
    workplace = unicodedata.normalize("NFC", " ".join(workplace.split()))[:200]
    if len(name) < 2:
        return False
    try:
        with transaction.atomic():
            Attendance.objects.create(session=session, name=name, name_key=name_key(name),
                                      workplace=workplace, by_code=by_code)
    except IntegrityError:
        return False  # already on the list
    return True


def add_list(session: TrainingSession, text: str) -> int:
    """One person a line: "Họ tên" or "Họ tên; đơn vị công tác". Returns how many were added."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_LIST:
        raise TrainingError(f"Danh sách quá dài (tối đa {MAX_LIST} người một lần).")
    added = 0
    for line in lines:
        name, _, workplace = line.partition(";")
        added += _add(session, name, workplace, by_code=False)
    return added


def check_in(code: str, name: str, workplace: str = "") -> TrainingSession:
    session = TrainingSession.objects.filter(code=(code or "").strip().upper(), attendance_open=True).first()
    if session is None:
        raise TrainingError("Mã điểm danh không đúng hoặc buổi đã đóng điểm danh.")
    if len(" ".join((name or "").split())) < 2:
        raise TrainingError("Hãy nhập họ và tên.")
    _add(session, name, workplace, by_code=True)
    return session
