"""Accent-insensitive search: the public school picker and the officers' case search."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.urls import reverse

from mangxanh.engine.normalize import search_key
from tests.intake.conftest import submit

SEARCH = reverse("intake:unit_search")


def names(client, q: str) -> list[str]:
    html = client.get(SEARCH, {"q": q}).content.decode()
    return re.findall(r'data-unit-name="([^"]+)"', html)


@pytest.mark.parametrize("q", [
    "ben thuy", "thcs ben thuy", "Bến Thuỷ", "BẾN THỦY", "Bến Thủy",
    unicodedata.normalize("NFD", "THCS Bến Thủy"),
    "thcs ben thuyy", "thcs bne thuy", "THCS Ben Thuy ",
])
def test_school_found_without_perfect_accents(client, demo, q):
    assert "Trường THCS Bến Thủy" in names(client, q), q


def test_schools_listed_before_ward_offices(client, demo):
    found = names(client, "ben thuy")
    assert "UBND phường Bến Thủy" in found
    ward = found.index("UBND phường Bến Thủy")
    assert found.index("Trường THCS Bến Thủy") < ward and found.index("Trường Tiểu học Bến Thủy") < ward


def test_unrelated_query_finds_nothing(client, demo):
    assert names(client, "zzzz") == []
    assert names(client, "ben") != [] and all("Bến" in n or "Ben" in n for n in names(client, "ben"))


def test_search_key_folds_tone_placement_and_case():
    assert search_key("Bến Thuỷ") == search_key("BẾN THỦY") == "ben thuy"
    assert search_key("Hoà") == search_key("Hòa") == "hoa"
    assert search_key("  XÂM   HẠI ") == "xam hai"


def test_case_search_ignores_accents_over_description_links_and_accounts(user_client, demo):
    client = user_client("so.xuly")
    by_text = submit(description="Nghi XÂM HẠI một học sinh lớp 6", unit=demo["THCS-BENTHUY"]).report.case
    by_link = submit(description="Chuyện khác", links=["https://vi.du/Bài-Đăng-Lạ"]).report.case
    by_account = submit(description="Chuyện thứ ba", reported_account="@Kẻ.Lạ.Mặt").report.case

    def found(q: str) -> str:
        return client.get("/vu-viec/danh-sach/", {"q": q}).content.decode()

    for q in ("xam hai", "XÂM HẠI", "Xâm hại", "xâm hai"):
        page = found(q)
        assert by_text.number in page and by_link.number not in page, q
    assert by_link.number in found("bai-dang-la") and by_text.number not in found("bai-dang-la")
    assert by_account.number in found("ke.la.mat")
