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
