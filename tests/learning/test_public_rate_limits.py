"""The public class-code and pledge-signing pages are rate-limited per address (core.throttle and
core.client_ip, the project's one limiter): past the limit a Vietnamese message, what was typed kept,
nothing stored."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from mangxanh.learning.models import Attempt, Pledge, PledgeSignature

LIMITED = "Bạn đã thử quá nhiều lần"


def test_class_code_guessing_is_limited_and_the_form_keeps_what_was_typed(quiz_setup, settings):
    settings.LEARNING_RATE_LIMITS = {"class_code": (3, 600), "pledge_sign": (3, 600)}
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = reverse("learning:class_entry")
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
        assert client.post(url, {"code": guess, "name": "Lê Minh Khôi", "class_name": "8A"}).status_code == 400
    # The right code after the limit is refused too: the limit is on tries, not on failures only.
    response = client.post(url, {"code": "TEST8A", "name": "Lê Minh Khôi", "class_name": "8A"})
    page = response.content.decode()
    assert response.status_code == 429 and LIMITED in page
    assert 'value="Lê Minh Khôi"' in page and 'value="8A"' in page and 'value="TEST8A"' in page
    assert not Attempt.objects.exists()
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post(url, {"code": "TEST8A", "name": "Lê Minh Khôi", "class_name": "8A"}).status_code == 302


def test_a_wrong_code_keeps_the_name_and_class(quiz_setup):
    response = Client().post(reverse("learning:class_entry"), {"code": "ZZZZZZ", "name": "Hà Thu", "class_name": "8B"})
    page = response.content.decode()
    assert response.status_code == 400 and 'value="Hà Thu"' in page and 'value="8B"' in page


def test_pledge_signing_is_limited_per_address(demo, settings):
    settings.LEARNING_RATE_LIMITS = {"class_code": (3, 600), "pledge_sign": (2, 600)}
    pledge = Pledge.objects.create(unit=demo["SGD-SL"], title="Cam kết an toàn mạng", text="Tôi cam kết…")
    url = reverse("learning:pledge_sign", kwargs={"pk": pledge.pk, "code": "THCS-BENTHUY"})
    client = Client(REMOTE_ADDR="203.0.113.8")
    for name in ("Nguyễn Thị Hoa", "Trần Văn Bình"):
        assert client.post(url, {"name": name, "role": "parent", "class_name": "8A"}).status_code == 200
    response = client.post(url, {"name": "Phạm Thu Trang", "role": "parent", "class_name": "8B"})
    page = response.content.decode()
    assert response.status_code == 429 and LIMITED in page
    assert 'value="Phạm Thu Trang"' in page and 'value="8B"' in page
    assert PledgeSignature.objects.count() == 2
    assert Client(REMOTE_ADDR="203.0.113.8").get(url).status_code == 200  # reading the text is not limited
