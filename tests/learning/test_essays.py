"""Essay and poster rounds (issue 14, item 3): pupils send through a class code, the engine scans each
entry and flagged ones are held for the organiser, a named jury marks blind with a rubric, results per
entry and per unit, names shown to jurors only once the organiser publishes. Real scans, no mocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mangxanh.learning import essays
from mangxanh.learning.models import ClassCode, Contest, JuryScore, Submission, SubmissionStatus
from tests.files.images import jpeg_with_gps, png_bomb
from tests.learning.conftest import run_pending_scans, user

CLEAN = ("Em xin kể về lần suýt bị lừa trên mạng. Một người lạ nhắn tin bảo em đã trúng thưởng và xin mã OTP. "
         "Em đã hỏi bố mẹ và không gửi mã. Từ đó em luôn cẩn thận, không bấm vào đường link lạ.")
FLAGGED = ("Bạn Nguyễn Văn An lớp 8A, số điện thoại 0912345678, nhà ở số 12 ngõ 5 đường Lê Lợi, hay bị điểm kém. "
           "Tao sẽ đánh chết mày.")


@pytest.fixture
def essay_round(demo):
    contest = Contest.objects.create(unit=demo["SGD-SL"], title="Tuổi trẻ với an toàn mạng")
    now = timezone.now()
    essay_round = essays.create_round(
        contest, user=user("so.lanhdao"), title="Vòng 2: bài viết, tranh", prompt="Kể một lần em tự bảo vệ mình trên mạng.", kind="both",
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7),
        rubric="Nội dung: 60\nSáng tạo: 40", jurors=[user("so.xuly"), user("thpt.bientap")])
    ClassCode.objects.create(essay_round=essay_round, unit=demo["THCS-BENTHUY"], class_name="8A", code="VIET8A")
    return essay_round


def _send(client=None, **data):
    fields = {"code": "VIET8A", "name": "Nguyễn Thảo Vy", "class_name": "8A", "title": "Lần suýt bị lừa",
              "text": CLEAN, **data}
    return (client or Client()).post(reverse("learning:essay_entry"), fields)


def test_a_pupil_sends_an_entry_and_the_jury_marks_it_blind(essay_round, demo, user_client):
    client = Client()
    response = _send(client)
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(submission.token + "/")
    assert (submission.unit, submission.class_name, submission.is_pupil) == (demo["THCS-BENTHUY"], "8A", True)
    assert submission.status == SubmissionStatus.PENDING
    juror = user_client("so.xuly")
    # Not scanned yet: not in front of the jury.
    assert submission.title not in juror.get(reverse("learning:essay_jury", args=[essay_round.pk])).content.decode()
    run_pending_scans()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    page = juror.get(reverse("learning:essay_jury", args=[essay_round.pk])).content.decode()
    assert f"Bài số {submission.pk}" in page and "Nguyễn Thảo Vy" not in page and "Bến Thủy" not in page
    score_url = reverse("learning:essay_score", args=[submission.pk])
    page = juror.get(score_url).content.decode()
    assert CLEAN[:30] in page and "Nguyễn Thảo Vy" not in page and "8A" not in page
    # Over the criterion's maximum: refused in Vietnamese, nothing stored.
    bad = juror.post(score_url, {f"c{c.pk}": "61" for c in essay_round.criteria.all()})
    assert bad.status_code == 400 and "từ 0 đến 60" in bad.content.decode() and not JuryScore.objects.exists()
    first, second = essay_round.criteria.all()
    assert juror.post(score_url, {f"c{first.pk}": "50", f"c{second.pk}": "30"}).status_code == 302
    other = user_client("thpt.bientap")
    other.post(score_url, {f"c{first.pk}": "40", f"c{second.pk}": "20"})
    results = essays.results(essay_round)
    assert results["entries"][0]["score"] == 70.0 and results["entries"][0]["jurors"] == 2
    assert results["units"][0]["unit"] == demo["THCS-BENTHUY"] and results["units"][0]["average"] == 70.0
    # Someone outside the jury cannot mark (nor see the marking pages).
    assert user_client("thcs.giaovien").post(score_url, {f"c{first.pk}": "60"}).status_code == 404
    organiser = user_client("so.lanhdao")
    page = organiser.get(reverse("learning:essay_round", args=[essay_round.pk])).content.decode()
    assert "Nguyễn Thảo Vy" in page and "70,0/100" in page
    organiser.post(reverse("learning:essay_publish", args=[essay_round.pk]))
    page = juror.get(reverse("learning:essay_jury", args=[essay_round.pk])).content.decode()
    assert "Nguyễn Thảo Vy" in page
    own = client.get(reverse("learning:essay_own", args=[submission.token])).content.decode()
    assert "70,0/100" in own
    # After publishing the marks are final.
    with pytest.raises(essays.EssayError):
        essays.score(submission, user("so.xuly"), {first.pk: "60", second.pk: "40"})


def test_a_flagged_entry_is_held_for_the_organiser(essay_round, user_client):
    _send(text=FLAGGED, title="Bài có vấn đề")
    run_pending_scans()
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.HELD
    assert "Bài có vấn đề" not in user_client("so.xuly").get(
        reverse("learning:essay_jury", args=[essay_round.pk])).content.decode()
    assert user_client("so.xuly").get(reverse("learning:essay_score", args=[submission.pk])).status_code == 404
    organiser = user_client("so.lanhdao")
    page = organiser.get(reverse("learning:essay_round", args=[essay_round.pk])).content.decode()
    assert 'id="tam-giu"' in page and "Bài có vấn đề" in page
    # A school teacher is not the organiser: the decision is refused and nothing changes.
    assert user_client("thcs.giaovien").post(reverse("learning:essay_decide", args=[submission.pk]),
                                             {"decision": "accept"}).status_code == 404
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.HELD
    organiser.post(reverse("learning:essay_decide", args=[submission.pk]), {"decision": "reject"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED


def test_a_poster_is_stored_without_its_gps_and_owner(essay_round, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    image = SimpleUploadedFile("tranh.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert _send(client, text="", title="Áp phích", image=image).status_code == 302
    submission = Submission.objects.get()
    kept = Image.open(submission.image.path)
    assert not kept.getexif().get(0x013B) and not kept.getexif().get_ifd(0x8825)
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert stored and not any(b"Nguyen Van A" in p.read_bytes() for p in stored)
    # The pupil sees their own poster; a stranger does not.
    assert client.get(reverse("learning:essay_image", args=[submission.pk])).status_code == 200
    assert Client().get(reverse("learning:essay_image", args=[submission.pk])).status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"code": "SAIMA1"}, "Mã lớp không đúng"),
    ({"text": "Ngắn quá"}, "ít nhất 50 ký tự"),
    ({"title": " "}, "Hãy đặt tên"),
    ({"name": ""}, "Hãy nhập họ và tên"),
    ({"text": "", "image": "not-an-image"}, "phải là ảnh"),
    ({"text": "", "image": "bomb"}, "Ảnh quá lớn"),
])
def test_bad_entries_are_refused_and_keep_what_was_typed(essay_round, data, message, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    if data.get("image") == "not-an-image":
        data["image"] = SimpleUploadedFile("tranh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    elif data.get("image") == "bomb":
        data["image"] = SimpleUploadedFile("tranh.png", png_bomb(), content_type="image/png")
    response = _send(**data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert 'value="Lần suýt bị lừa"' in page or data.get("title") == " "
    assert not Submission.objects.exists() and not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_one_entry_per_pupil_and_nothing_after_the_deadline(essay_round):
    assert _send().status_code == 302
    again = _send()
    assert again.status_code == 400 and "mỗi người nộp một bài" in again.content.decode()
    essay_round.closes_at = timezone.now() - dt.timedelta(minutes=1)
    essay_round.save()
    late = _send(name="Trần Minh Khang")
    assert late.status_code == 400 and "hết hạn nộp" in late.content.decode()
    assert Submission.objects.count() == 1


def test_the_class_code_page_sends_an_essay_code_to_the_entry_form(essay_round):
    response = Client().post(reverse("learning:class_entry"), {"code": "viet8a", "name": "Vy", "class_name": "8A"})
    assert response.status_code == 302 and response["Location"] == reverse("learning:essay_entry") + "?ma=VIET8A"


def test_organiser_creates_a_round_with_a_rubric_and_jury(demo, user_client):
    contest = Contest.objects.create(unit=demo["SGD-SL"], title="Cuộc thi thử")
    client = user_client("so.lanhdao")
    url = reverse("learning:essay_round_create", args=[contest.pk])
    data = {"title": "Vẽ tranh", "prompt": "Vẽ về an toàn mạng", "kind": "image",
            "opens_at": "2026-03-01T08:00", "closes_at": "2026-03-20T17:00",
            "rubric": "Ý tưởng 50", "jurors": [user("so.xuly").pk]}
    bad = client.post(url, data)
    assert bad.status_code == 200 and "Tên tiêu chí: điểm tối đa" in bad.content.decode()
    assert not contest.essay_rounds.exists()
    response = client.post(url, {**data, "rubric": "Ý tưởng: 50\nMàu sắc, bố cục: 50"})
    essay_round = contest.essay_rounds.get()
    assert response.status_code == 302 and essay_round.max_points == 100
    assert list(essay_round.jurors.all()) == [user("so.xuly")]


def test_a_class_code_opens_a_quiz_or_an_essay_round_never_none(essay_round, demo):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ClassCode.objects.create(unit=demo["THCS-BENTHUY"], class_name="8B")
    assert ClassCode.objects.filter(essay_round=essay_round).count() == 1
