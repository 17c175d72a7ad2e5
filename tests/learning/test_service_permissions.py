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


def test_organising_a_round_and_setting_pledge_targets_need_their_capability(demo):
    import datetime as dt

    from django.utils import timezone

    from mangxanh.learning import essays, pledges
    from mangxanh.learning.models import Contest, EssayRound, Pledge, PledgeTarget

    contest = Contest.objects.create(unit=demo["SGD-SL"], title="Tuổi trẻ với an toàn mạng")
    now = timezone.now()
    data = {"title": "Vòng viết", "prompt": "Đề", "kind": "text", "opens_at": now, "rubric": "Nội dung: 10",
            "closes_at": now + dt.timedelta(days=1), "jurors": [user("so.xuly")]}
    for username in ("thcs.hieutruong", "so.xuly"):  # a school leader below; a Sở case officer
        with pytest.raises(PermissionDenied):
            essays.create_round(contest, user=user(username), **data)
    assert not EssayRound.objects.exists()
    essays.create_round(contest, user=user("so.lanhdao"), **data)

    pledge = Pledge.objects.create(unit=demo["SGD-SL"], title="Cam kết an toàn mạng", text="Tôi cam kết…")
    for username in ("thcs.bientap", "hongson.bientap"):  # no pledge role; nor at another school
        with pytest.raises(PermissionDenied):
            pledges.set_target(pledge, demo["THCS-BENTHUY"], 10, user=user(username))
    assert not PledgeTarget.objects.exists()
    pledges.set_target(pledge, demo["THCS-BENTHUY"], 10, user=user("thcs.giaovien"))
    assert PledgeTarget.objects.get().expected == 10


def test_lessons_have_no_unchecked_withdraw(demo):
    assert not hasattr(flow, "withdraw")  # it changed a lesson for anyone; nothing called it
