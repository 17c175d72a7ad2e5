"""Public parent guidance, for the Sở and per unit: no log-in, tappable 111/113, the report form, parents' lessons."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from mangxanh.learning.models import Lesson


def test_guidance_is_public_with_hotlines_and_parents_lessons(demo):
    Lesson.objects.create(unit=demo["SGD-SL"], title="Cha mẹ cùng con lên mạng", audience="parents", topic="help",
                          body_html="<p>x</p>", body_text="x", status="published")
    Lesson.objects.create(unit=demo["SGD-SL"], title="Bản nháp chưa duyệt", audience="parents", topic="help",
                          body_html="<p>x</p>", body_text="x")
    Lesson.objects.create(unit=demo["THCS-HONGSON"], title="Bài của trường khác", audience="parents", topic="help",
                          body_html="<p>x</p>", body_text="x", status="published")
    for url in (reverse("learning:guidance"), reverse("learning:guidance_unit", kwargs={"code": "THCS-BENTHUY"})):
        page = Client().get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'href="tel:111"' in html and 'href="tel:113"' in html
        assert reverse("intake:report_form") in html
        assert "Cha mẹ cùng con lên mạng" in html
        assert "Bản nháp chưa duyệt" not in html and "Bài của trường khác" not in html
    assert "Trường THCS Bến Thủy" in Client().get(reverse("learning:guidance_unit", kwargs={"code": "THCS-BENTHUY"})
                                                  ).content.decode()
    assert Client().get(reverse("learning:guidance_unit", kwargs={"code": "KHONG-CO"})).status_code == 404
