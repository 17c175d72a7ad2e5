"""Authorisation-matrix entries for mangxanh.learning (library, quizzes, pledges, training, guidance).

Quizzes and pledges are shared down the tree: they are SHARED (allowed on the unit, above it
and below it; a neighbour's are 404). Lessons being written and training sessions are SCOPED.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mangxanh.org.models import Role, Unit

AUTHORS = frozenset({Role.EDITOR, Role.REVIEWER, Role.LEADER, Role.UNIT_ADMIN})
PUBLISHERS = frozenset({Role.REVIEWER, Role.LEADER})
ORGANISERS = frozenset({Role.LEADER, Role.UNIT_ADMIN, Role.TEACHER})
STAFF = frozenset({Role.LEADER, Role.UNIT_ADMIN, Role.TEACHER, Role.EDITOR, Role.REVIEWER})
PLEDGE_ISSUERS = frozenset({Role.LEADER, Role.UNIT_ADMIN})
PLEDGE_STAFF = frozenset({Role.LEADER, Role.UNIT_ADMIN, Role.TEACHER})
TRAINERS = frozenset({Role.LEADER, Role.UNIT_ADMIN})


def _lesson(unit: Unit):
    from mangxanh.learning.models import Lesson

    return Lesson.objects.filter(unit=unit).first() or Lesson.objects.create(
        unit=unit, title="Bài thử", audience="thcs", topic="scams", body_html="<p>Thử</p>", body_text="Thử")


def lesson_kwargs(unit: Unit):
    return {"pk": _lesson(unit).pk}, {}


def _quiz(unit: Unit):
    from mangxanh.learning.models import Quiz

    now = timezone.now()
    return Quiz.objects.filter(unit=unit).first() or Quiz.objects.create(
        unit=unit, title="Kiểm tra thử", audience="thcs", opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30))


def quiz_kwargs(unit: Unit):
    return {"pk": _quiz(unit).pk}, {}


def quiz_code_data(unit: Unit):
    return {"pk": _quiz(unit).pk}, {"class_name": "8A"}


def _pledge(unit: Unit):
    from mangxanh.learning.models import Pledge

    return Pledge.objects.filter(unit=unit).first() or Pledge.objects.create(
        unit=unit, title="Cam kết thử", text="Tôi cam kết.")


def pledge_kwargs(unit: Unit):
    return {"pk": _pledge(unit).pk}, {}


def pledge_paper_data(unit: Unit):
    return {"pk": _pledge(unit).pk}, {"class_name": "8A", "role": "pupil", "count": "30"}


def pledge_sign_kwargs(unit: Unit):
    return {"pk": _pledge(unit).pk, "code": unit.code}, {}


def _training(unit: Unit):
    from mangxanh.learning.models import TrainingSession

    return TrainingSession.objects.filter(unit=unit).first() or TrainingSession.objects.create(
        unit=unit, title="Tập huấn thử", held_on=dt.date(2026, 3, 1), audience="staff", presenter="Người thử")


def training_kwargs(unit: Unit):
    return {"pk": _training(unit).pk}, {}


def training_list_data(unit: Unit):
    return {"pk": _training(unit).pk}, {"names": "Nguyễn Văn Thử"}


def attempt_token(unit: Unit):
    return {"token": "khong-co-bai-lam-nay"}, {}


def adult_attempt_kwargs(unit: Unit):
    """A passed staff attempt (not a minor's) at unit, in a quiz of that unit."""
    from mangxanh.learning.models import Attempt

    quiz = _quiz(unit)
    now = timezone.now()
    attempt = Attempt.objects.filter(quiz=quiz, unit=unit).first() or Attempt.objects.create(
        quiz=quiz, unit=unit, name="Giáo viên thử", name_key="|giao vien thu", is_pupil=False, deadline=now,
        finished_at=now, total=10, correct_count=9, score=90.0, passed=True)
    return {"pk": attempt.pk}, {}


def certificate_code(unit: Unit):
    return {"code": "1-KHONGDUNG"}, {}


def contest_kwargs(unit: Unit):
    from mangxanh.learning.models import Contest

    contest = Contest.objects.filter(unit=unit).first() or Contest.objects.create(unit=unit, title="Cuộc thi thử")
    quiz = _quiz(unit)
    quiz.contest = contest
    quiz.save()
    return {"pk": contest.pk}, {}


def _essay_round(unit: Unit):
    """An essay round of the unit's contest, judged by the unit's own person (an OWN page for them)."""
    from django.contrib.auth import get_user_model

    from mangxanh.learning.models import Contest, EssayRound, RubricCriterion
    from tests.authz.matrix import PERSON_OF_UNIT

    contest = Contest.objects.filter(unit=unit).first() or Contest.objects.create(unit=unit, title="Cuộc thi thử")
    essay_round = EssayRound.objects.filter(contest=contest).first()
    if essay_round is None:
        now = timezone.now()
        essay_round = EssayRound.objects.create(contest=contest, title="Vòng viết thử", prompt="Đề thử",
                                                opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30))
        RubricCriterion.objects.create(round=essay_round, name="Nội dung", max_points=10)
        person = PERSON_OF_UNIT.get(unit.code)
        if person:
            essay_round.jurors.add(get_user_model().objects.get(username=person))
    return essay_round


def _submission(unit: Unit):
    from mangxanh.learning.models import Submission

    essay_round = _essay_round(unit)
    return Submission.objects.filter(round=essay_round).first() or Submission.objects.create(
        round=essay_round, unit=unit, name="Học sinh thử", name_key="8A|hoc sinh thu", class_name="8A", is_pupil=True,
        title="Bài thử", text="Nội dung thử", status="accepted")


def essay_round_kwargs(unit: Unit):
    return {"pk": _essay_round(unit).pk}, {}


def essay_contest_kwargs(unit: Unit):
    return {"pk": _essay_round(unit).contest_id}, {}


def essay_code_data(unit: Unit):
    return {"pk": _essay_round(unit).pk}, {"class_name": "8A"}


def submission_kwargs(unit: Unit):
    return {"pk": _submission(unit).pk}, {}


def submission_decision(unit: Unit):
    return {"pk": _submission(unit).pk}, {"decision": "reject"}


def submission_token(unit: Unit):
    return {"token": "khong-co-bai-nay"}, {}


BULLETIN_DRAFTERS = frozenset({Role.CASE_OFFICER, Role.CHILD_PROTECTION, Role.LEADER})
BULLETIN_PUBLISHERS = frozenset({Role.LEADER, Role.REVIEWER})


def _bulletin(unit: Unit):
    from mangxanh.learning.models import ScamBulletin

    return ScamBulletin.objects.filter(unit=unit).first() or ScamBulletin.objects.create(
        unit=unit, title="Cảnh báo thử", body="Kẻ gian giả danh nhà trường đòi chuyển tiền học phí qua điện thoại.")


def bulletin_kwargs(unit: Unit):
    return {"pk": _bulletin(unit).pk}, {}


def bulletin_publish_data(unit: Unit):
    return {"pk": _bulletin(unit).pk}, {"action": "publish"}


def closed_scam_case(unit: Unit):
    from mangxanh.intake.models import Case

    case = Case.objects.filter(unit=unit, title="Lừa đảo thử").first() or Case.objects.create(
        unit=unit, title="Lừa đảo thử", categories=["scam"], state="closed", closure_reason="resolved")
    return {"pk": case.pk}, {}


def unit_code(unit: Unit):
    return {"code": unit.code}, {}


def learning_rules() -> dict:
    from tests.authz.matrix import LOGIN, OWN, PUBLIC, ROLE, SCOPED, SHARED, Rule

    not_found = frozenset({200, 404})
    return {
        "learning:library": Rule(LOGIN),
        "learning:lesson_create": Rule(ROLE, roles=AUTHORS),
        "learning:lesson_detail": Rule(PUBLIC, target=lesson_kwargs, allowed_status=not_found),
        "learning:lesson_file": Rule(PUBLIC, target=lesson_kwargs, allowed_status=frozenset({404})),
        "learning:lesson_edit": Rule(SCOPED, roles=AUTHORS, target=lesson_kwargs),
        "learning:lesson_publish": Rule(SCOPED, method="POST", roles=PUBLISHERS, target=lesson_kwargs),
        "learning:quiz_list": Rule(LOGIN),
        "learning:quiz_create": Rule(ROLE, roles=ORGANISERS),
        "learning:quiz_detail": Rule(SHARED, target=quiz_kwargs),
        "learning:quiz_code_create": Rule(SHARED, method="POST", roles=STAFF, target=quiz_code_data),
        "learning:quiz_start": Rule(SHARED, method="POST", target=quiz_kwargs),
        "learning:leaderboard": Rule(SHARED, target=quiz_kwargs),
        "learning:contest_list": Rule(LOGIN),
        "learning:contest_create": Rule(ROLE, roles=ORGANISERS),
        "learning:contest_detail": Rule(SHARED, target=contest_kwargs),
        "learning:class_entry": Rule(PUBLIC),
        "learning:essay_round_create": Rule(SCOPED, roles=ORGANISERS, target=essay_contest_kwargs),
        "learning:essay_round": Rule(SHARED, target=essay_round_kwargs),
        "learning:essay_code_create": Rule(SHARED, method="POST", roles=STAFF, target=essay_code_data),
        "learning:essay_staff_submit": Rule(SHARED, target=essay_round_kwargs),
        "learning:essay_publish": Rule(SCOPED, method="POST", roles=ORGANISERS, target=essay_round_kwargs),
        "learning:essay_decide": Rule(SCOPED, method="POST", roles=ORGANISERS, target=submission_decision),
        "learning:essay_jury": Rule(OWN, target=essay_round_kwargs),
        "learning:essay_score": Rule(OWN, target=submission_kwargs),
        "learning:essay_image": Rule(PUBLIC, target=submission_kwargs, allowed_status=frozenset({404})),
        "learning:essay_entry": Rule(PUBLIC),
        "learning:essay_own": Rule(PUBLIC, target=submission_token, allowed_status=frozenset({404})),
        "learning:attempt": Rule(PUBLIC, target=attempt_token, allowed_status=frozenset({404})),
        "learning:attempt_answer": Rule(PUBLIC, target=attempt_token, allowed_status=frozenset({405})),
        "learning:attempt_finish": Rule(PUBLIC, target=attempt_token, allowed_status=frozenset({405})),
        "learning:attempt_certificate": Rule(PUBLIC, target=attempt_token, allowed_status=frozenset({404})),
        "learning:certificate_check": Rule(PUBLIC),
        "learning:certificate_verify": Rule(PUBLIC, target=certificate_code, allowed_status=frozenset({404})),
        "learning:certificate_download": Rule(SCOPED, roles=STAFF, target=adult_attempt_kwargs),
        "learning:numbers": Rule(LOGIN),
        "learning:roster_update": Rule(ROLE, method="POST", roles=TRAINERS),
        "learning:training_list": Rule(LOGIN),
        "learning:training_create": Rule(ROLE, roles=TRAINERS),
        "learning:training_detail": Rule(SCOPED, target=training_kwargs),
        "learning:training_attendance": Rule(SCOPED, method="POST", roles=TRAINERS, target=training_list_data),
        "learning:training_qr": Rule(SCOPED, target=training_kwargs),
        "learning:check_in": Rule(PUBLIC),
        "learning:pledge_list": Rule(LOGIN),
        "learning:pledge_create": Rule(ROLE, roles=PLEDGE_ISSUERS),
        "learning:pledge_detail": Rule(SHARED, target=pledge_kwargs),
        "learning:pledge_paper": Rule(SHARED, method="POST", roles=PLEDGE_STAFF, target=pledge_paper_data),
        "learning:pledge_remind": Rule(SCOPED, method="POST", roles=PLEDGE_ISSUERS, target=pledge_kwargs),
        "learning:pledge_export": Rule(SHARED, roles=PLEDGE_STAFF, target=pledge_kwargs),
        "learning:pledge_export_docx": Rule(SHARED, roles=PLEDGE_STAFF, target=pledge_kwargs),
        "learning:pledge_sign": Rule(PUBLIC, target=pledge_sign_kwargs),
        "learning:bulletin_list": Rule(ROLE, roles=BULLETIN_DRAFTERS | BULLETIN_PUBLISHERS),
        "learning:bulletin_from_case": Rule(SCOPED, method="POST", roles=BULLETIN_DRAFTERS, target=closed_scam_case),
        "learning:bulletin_detail": Rule(SCOPED, roles=BULLETIN_DRAFTERS | BULLETIN_PUBLISHERS, target=bulletin_kwargs),
        "learning:bulletin_publish": Rule(SCOPED, method="POST", roles=BULLETIN_PUBLISHERS, target=bulletin_publish_data),
        "learning:bulletin_push": Rule(SCOPED, method="POST", roles=BULLETIN_PUBLISHERS, target=bulletin_kwargs),
        "learning:guidance": Rule(PUBLIC),
        "learning:guidance_unit": Rule(PUBLIC, target=unit_code),
    }
