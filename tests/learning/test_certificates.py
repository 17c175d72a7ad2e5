"""Certificates: a Vietnamese PDF for passed attempts only, verifiable on the public site by its code."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from mangxanh.learning import certificates
from mangxanh.learning import quizzes as flow
from mangxanh.learning.models import Attempt


def _pupil(client, name, right):
    client.post(reverse("learning:class_entry"), {"code": "TEST8A", "name": name, "class_name": "8A"})
    attempt = Attempt.objects.get(name=name)
    for position in range(1, right + 1):
        flow.answer(attempt, position, [1])
    flow.finish(attempt)
    return attempt


def test_pupil_downloads_own_certificate_and_anyone_verifies_it(quiz_setup):
    client = Client()
    attempt = _pupil(client, "Nguyễn Thảo Vy", 5)
    response = client.get(reverse("learning:attempt_certificate", kwargs={"token": attempt.token}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert Client().get(reverse("learning:attempt_certificate", kwargs={"token": attempt.token})).status_code == 404
    code = certificates.code_for(attempt)
    page = Client().get(reverse("learning:certificate_verify", kwargs={"code": code.lower()}))
    html = page.content.decode()
    assert page.status_code == 200 and "hợp lệ" in html
    assert "N. T. Vy" in html and "Nguyễn Thảo Vy" not in html  # a minor's name is shortened in public


def test_failed_attempts_and_forged_codes_get_nothing(quiz_setup):
    client = Client()
    failed = _pupil(client, "Lê Văn Bình", 1)
    assert client.get(reverse("learning:attempt_certificate", kwargs={"token": failed.token})).status_code == 404
    assert certificates.find(certificates.code_for(failed)) is None
    passed = _pupil(Client(), "Trần Hà", 5)
    forged = f"{passed.pk:X}-AAAAAAAAAA"
    assert Client().get(reverse("learning:certificate_verify", kwargs={"code": forged})).status_code == 404
    assert Client().get(reverse("learning:certificate_check"), {"ma": "xyz"}).status_code == 404
    assert Client().get(reverse("learning:certificate_check")).status_code == 200


def test_staff_download_only_certificates_of_results_they_may_see(quiz_setup, user_client):
    attempt = _pupil(Client(), "Phạm Khôi", 5)
    url = reverse("learning:certificate_download", kwargs={"pk": attempt.pk})
    assert user_client("thcs.giaovien").get(url).status_code == 200
    assert user_client("so.lanhdao").get(url).status_code == 200
    assert user_client("hongson.duyet").get(url).status_code == 404
    assert user_client("xa.benthuy").get(url).status_code == 404
