"""The starter set: at least 8 lessons, scanned and published, citing the laws; 60+ questions."""

from __future__ import annotations

import unicodedata

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mangxanh.learning.models import Lesson, LessonStatus, Question
from mangxanh.learning.starter_questions import QUESTIONS


def test_starter_loads_scanned_published_lessons_and_the_bank(demo):
    call_command("learning_starter")
    lessons = Lesson.objects.filter(unit=demo["SGD-SL"])
    assert lessons.count() >= 8
    assert set(lessons.values_list("status", flat=True)) == {LessonStatus.PUBLISHED}
    assert Question.objects.filter(unit=demo["SGD-SL"]).count() >= 60
    sources = " ".join(lessons.values_list("sources", flat=True))
    for law in ("116/2025/QH15", "91/2025/QH15", "356/2025/NĐ-CP", "111", "113"):
        assert law in sources
    call_command("learning_starter")  # idempotent
    assert Lesson.objects.filter(unit=demo["SGD-SL"]).count() == lessons.count()
    page = Client().get(reverse("learning:lesson_detail", kwargs={"pk": lessons.first().pk})).content.decode()
    assert 'href="tel:111"' in page


def test_questions_are_well_formed_vietnamese():
    assert len(QUESTIONS) >= 60
    for _audience, _topic, kind, text, choices, correct, explanation in QUESTIONS:
        assert unicodedata.is_normalized("NFC", text + "".join(choices) + explanation)
        assert correct and all(0 <= i < len(choices) for i in correct)
        assert kind == "multiple" or len(correct) == 1
        assert explanation
