"""The home page lists open quizzes and pledges below 80 % for the person's unit."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.learning.models import Pledge, PledgeTarget
from tests.learning.conftest import make_quiz


def test_home_shows_open_quizzes_and_pledges_to_sign(demo, user_client):
    make_quiz(demo["SGD-SL"], title="Kiểm tra đang mở")
    make_quiz(demo["THCS-HONGSON"], title="Kiểm tra trường bạn")
    pledge = Pledge.objects.create(unit=demo["SGD-SL"], title="Cam kết an toàn", text="…")
    PledgeTarget.objects.create(pledge=pledge, unit=demo["THCS-BENTHUY"], expected=10)
    home = user_client("thcs.giaovien").get(reverse("core:home")).content.decode()
    assert "Kiểm tra đang mở" in home and "Kiểm tra trường bạn" not in home
    assert "Cam kết an toàn" in home and "mới ký 0" in home


def test_home_tells_jurors_what_to_mark_and_organisers_what_is_held(demo, user_client):
    import datetime as dt

    from django.utils import timezone

    from mangxanh.learning import essays
    from mangxanh.learning.models import Contest, Submission
    from tests.learning.conftest import user

    contest = Contest.objects.create(unit=demo["SGD-SL"], title="Cuộc thi")
    now = timezone.now()
    essay_round = essays.create_round(contest, user=user("so.lanhdao"), title="Vòng viết", prompt="Đề", kind="text",
                                      opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
                                      rubric="Nội dung: 10", jurors=[user("so.xuly")])
    for i, status in enumerate(("accepted", "accepted", "held")):
        Submission.objects.create(round=essay_round, unit=demo["THCS-BENTHUY"], name=f"HS {i}", name_key=f"|hs {i}",
                                  title="Bài", text="…", status=status)
    assert "Chấm bài «Vòng viết»: còn 2 bài" in user_client("so.xuly").get(reverse("core:home")).content.decode()
    assert "«Vòng viết»: 1 bài bị tạm giữ" in user_client("so.lanhdao").get(reverse("core:home")).content.decode()
    assert "Vòng viết" not in user_client("thcs.giaovien").get(reverse("core:home")).content.decode()
    assert "Bản tin cảnh báo" in user_client("so.xuly").get(reverse("core:home")).content.decode()
    assert "Bản tin cảnh báo" not in user_client("thcs.giaovien").get(reverse("core:home")).content.decode()
