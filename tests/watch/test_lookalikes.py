"""Look-alike names of registered channels, and tying a fake link to the channel it imitates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mangxanh.review.models import OfficialChannel
from mangxanh.watch.lookalikes import generate, imitated_channels, skeleton, split_host, typos

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(demo):
    unit = demo["THCS-BENTHUY"]
    site = OfficialChannel.objects.create(unit=unit, kind="website", name="Trường THCS Bến Thủy",
                                          address="https://thcsbenthuy.edu.vn")
    page = OfficialChannel.objects.create(unit=demo["THCS-HONGSON"], kind="facebook", name="Trường THCS Hồng Sơn",
                                          address="https://www.facebook.com/thcshongsonvinh")
    return site, page


def test_typos_cover_the_usual_techniques():
    variants = typos("thcsbenthuy")
    assert variants["thcsbenthy"] == "bỏ sót ký tự"
    assert variants["thcsbennthuy"] == "lặp ký tự"
    assert variants["thcsbenrhuy"] == "gõ nhầm phím bên cạnh"
    assert variants["thcs-benthuy"] == "chèn dấu gạch ngang"
    assert variants["thcsbenthuy-edu"] == "thêm từ"
    assert "thcsbenthuy" not in variants


def test_homoglyphs():
    variants = typos("hoamai")
    assert variants["h0amai"] == "ký tự trông giống nhau" and variants["hoarnai"] == "ký tự trông giống nhau"
    assert "schoo1" in typos("school")


def test_generated_domains_for_a_website(registered):
    site, page = registered
    domains = generate(site)
    assert domains["thcsbenthuy.vn.com"] == "đuôi tên miền giả"
    assert domains["thcsbenthuy.edu.vn.com"] == "đuôi tên miền giả"
    assert domains["thcsbenthy.edu.vn"] == "bỏ sót ký tự"
    assert domains["thcs-benthuy.edu.vn"] == "chèn dấu gạch ngang"
    assert "facebook.com/thcshongsonvlnh" in generate(page) or "facebook.com/thcshongs0nvinh" in generate(page)


def test_split_host():
    assert split_host("www.thcsbenthuy.edu.vn") == ("thcsbenthuy", "edu.vn")
    assert split_host("thcsbenthuy.edu.vn.com") == ("thcsbenthuy", "edu.vn.com") or \
        split_host("thcsbenthuy.edu.vn.com")[0] == "thcsbenthuy"


def test_skeleton_folds_the_tricks():
    assert skeleton("thcs-benthuy-edu") == skeleton("thcsbenthuy") == skeleton("thcsbennthuy")
    assert skeleton("rnamnon") == skeleton("mamnon") and skeleton("th0ng1ong") == skeleton("thonglong")


@pytest.mark.parametrize("link", [
    "https://thcsbenthuy.vn.com/", "thcsbenthuy.edu.vn.com", "http://thcs-benthuy.edu.vn/tuyen-sinh",
    "https://thcsbenthy.edu.vn", "https://thcsbemthuy.edu.vn", "https://www.facebook.com/thcsbenthuy.official",
    "https://facebook.com/thcsbenthuy-edu", "https://thcsbenthuy.com",
])
def test_fake_links_are_tied_to_the_website_they_imitate(registered, link):
    site, _ = registered
    found = imitated_channels(link)
    assert [m.channel for m in found] == [site], link


@pytest.mark.parametrize("link", ["https://www.facebook.com/thcshongs0nvinh", "https://facebook.com/thcshongsonvlnh",
                                  "https://facebook.com/thcs.hongson.vinh"])
def test_fake_fanpages_are_tied_to_the_page_they_imitate(registered, link):
    _, page = registered
    assert [m.channel for m in imitated_channels(link)] == [page]


@pytest.mark.parametrize("link", ["https://thcsbenthuy.edu.vn/tin-tuc/bai-1", "https://www.facebook.com/thcshongsonvinh",
                                  "https://vnexpress.net/", "https://thptnguyendu.edu.vn", "", "bến thủy", "@ab"])
def test_genuine_and_unrelated_links_are_not_look_alikes(registered, link):
    assert imitated_channels(link) == []


def test_technique_is_named(registered):
    assert imitated_channels("https://thcsbenthuy.vn.com")[0].technique == "đuôi tên miền giả"
    assert imitated_channels("https://thcsbenthy.edu.vn")[0].technique == "sai khác một ký tự"


def test_public_check_warns_about_a_look_alike_domain(registered, client):
    site, _ = registered
    page = client.get(reverse("review:public_check"), {"q": "https://thcsbenthuy.vn.com/thong-bao"}).content.decode()
    assert site.name in page
