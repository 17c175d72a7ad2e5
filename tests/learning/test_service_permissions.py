"""Learning services check the capability of a person acting; the system (user=None: seeding) is not a person."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from mangxanh.learning import lessons as flow
from mangxanh.learning.models import Lesson, LessonVersion
from tests.learning.conftest import user

pytestmark = pytest.mark.django_db


def test_writing_and_publishing_lessons_need_their_capability(demo):
    lesson = Lesson(unit=demo["THCS-BENTHUY"], audience="thcs", topic="scams")
    for username in ("thcs.giaovien", "hongson.bientap"):  # a teacher; an editor of another school
        with pytest.raises(PermissionDenied):
            flow.save_lesson(lesson, user(username), "Bài thử", "Nội dung")
    assert lesson.pk is None and not LessonVersion.objects.exists()
    flow.save_lesson(lesson, user("thcs.bientap"), "Bài thử", "Nội dung")
    with pytest.raises(PermissionDenied):
        flow.publish(lesson, user("thcs.bientap"))  # editors write, reviewers and leaders publish
    flow.save_lesson(Lesson(unit=demo["THCS-BENTHUY"], audience="thcs", topic="scams"), None, "Mẫu", "Nội dung")
