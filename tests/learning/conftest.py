"""Helpers for the learning tests: real scans, a question bank, an open quiz."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mangxanh.learning.models import ClassCode, Question, Quiz
from tests.review.conftest import run_pending_scans, user  # noqa: F401 (learning tests import them from here)


def make_bank(unit, n: int = 12, audience: str = "thcs") -> list[Question]:
    """n single-choice questions whose right answer is always choice 1."""
    return [Question.objects.create(unit=unit, kind="single", audience=audience, topic="scams",
                                    text=f"Câu hỏi thử {i}", choices=["Sai", "Đúng", "Sai nữa"], correct=[1],
                                    explanation="Giải thích") for i in range(n)]


def make_quiz(unit, **kw) -> Quiz:
    now = timezone.now()
    fields = {"title": "Kiểm tra thử", "audience": "thcs", "question_count": 5, "time_limit_minutes": 10,
              "max_attempts": 2, "pass_percent": 60, "opens_at": now - dt.timedelta(hours=1),
              "closes_at": now + dt.timedelta(days=7)}
    fields.update(kw)
    return Quiz.objects.create(unit=unit, **fields)


@pytest.fixture
def quiz_setup(demo):
    """A Sở quiz with a 12-question bank and a class code for THCS Bến Thủy 8A."""
    make_bank(demo["SGD-SL"])
    quiz = make_quiz(demo["SGD-SL"])
    code = ClassCode.objects.create(quiz=quiz, unit=demo["THCS-BENTHUY"], class_name="8A", code="TEST8A")
    return quiz, code
