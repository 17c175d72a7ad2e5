"""The channel registry (scoped down the tree, nothing inherited) and the public check page."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from mangxanh.review.models import OfficialChannel
from mangxanh.review.normalise import normalise_address, normalise_name
from tests.review.conftest import make_channel


def test_normalise():
    assert normalise_address("https://www.facebook.com/THCSBenThuy/?ref=bookmarks") == "facebook.com/thcsbenthuy"
    assert normalise_address("m.facebook.com/thcsbenthuy") == "facebook.com/thcsbenthuy"
    assert normalise_address("fb.com/profile.php?id=1000&x=1") == "facebook.com/profile.php?id=1000"
    assert normalise_address("@THCS.BenThuy") == "thcs.benthuy"
    assert normalise_address("Trường THCS  Bến Thủy") == "truong thcs ben thuy"
    assert normalise_name("TRƯỜNG THCS BẾN THUỶ") == normalise_name("Truong THCS Ben Thuy")
    assert normalise_address("") == "" and normalise_address("http://[::1") != ""


def test_unit_admin_registers_a_channel_and_scopes_hold(demo, user_client):
    client = user_client("thcs.quantri")
    data = {"unit": demo["THCS-BENTHUY"].pk, "kind": "facebook", "name": "Trang THCS Bến Thủy",
            "address": "https://facebook.com/thcsbenthuy", "purpose": "Thông tin nhà trường",
            "responsible_person": "Bùi Thị Hằng", "admin_names": "Ngô Thanh Hương", "two_factor_enabled": ""}
    response = client.post(reverse("review:channel_create"), data)
    assert response.status_code == 302
    channel = OfficialChannel.objects.get()
    assert channel.address_key == "facebook.com/thcsbenthuy" and not channel.two_factor_enabled
    # another school's administrator cannot register a channel for this school
    other = user_client("hongson.duyet")
    assert other.post(reverse("review:channel_create"), data).status_code == 403
    assert OfficialChannel.objects.count() == 1
    # the department and the commune see it; a neighbouring commune and the school below do not
    so = user_client("so.quantri").get(reverse("review:channel_list")).content.decode()
    assert "Trang THCS Bến Thủy" in so
    assert user_client("xa.benthuy").get(reverse("review:channel_detail", kwargs={"pk": channel.pk})).status_code == 200
    assert user_client("xa.hongson").get(reverse("review:channel_detail", kwargs={"pk": channel.pk})).status_code == 404
    assert user_client("hongson.bientap").get(reverse("review:channel_edit", kwargs={"pk": channel.pk})).status_code == 404


def test_units_below_inherit_nothing(demo, user_client):
    make_channel(demo["SGD-SL"], name="Cổng thông tin Sở GDĐT", address="https://songlam.edu.vn")
    listing = user_client("thcs.quantri").get(reverse("review:channel_list")).content.decode()
    assert "Cổng thông tin Sở GDĐT" not in listing


def test_bad_channel_input_changes_nothing(demo, user_client):
    client = user_client("thcs.quantri")
    for data in ({"unit": demo["THCS-BENTHUY"].pk, "kind": "myspace", "name": "x", "address": "x"},
                 {"unit": demo["THCS-HONGSON"].pk, "kind": "facebook", "name": "x", "address": "x"},
                 {"unit": "", "kind": "facebook", "name": "", "address": ""},
                 {"unit": demo["THCS-BENTHUY"].pk, "kind": "facebook", "name": "x" * 201, "address": "x"}):
        response = client.post(reverse("review:channel_create"), data)
        assert response.status_code == 200 and response.context["form"].errors
    assert not OfficialChannel.objects.exists()


def test_public_check_without_log_in(demo, client):
    make_channel(demo["THCS-BENTHUY"])
    url = reverse("review:public_check")
    page = client.get(url, {"q": "https://m.facebook.com/thcsbenthuy/"}).content.decode()
    assert "Đây là kênh chính thức" in page and "Trường THCS Bến Thủy" in page
    page = client.get(url, {"q": "Trang Facebook THCS Ben Thuy"}).content.decode()
    assert "Đây là kênh chính thức" in page
    fake = client.get(url, {"q": "facebook.com/thcsbenthuyy"}).content.decode()
    assert "Không phải kênh chính thức" in fake and 'href="/phan-anh/"' in fake
    assert 'id="lookalikes"' in fake and "facebook.com/thcsbenthuy" in fake
    unrelated = client.get(url, {"q": "https://example.org/tin-nong"}).content.decode()
    assert "Không phải kênh chính thức" in unrelated and 'id="lookalikes"' not in unrelated
    for bad in ("x" * 5000, "\x00\ufffd", "", "http://[::1"):
        assert client.get(url, {"q": bad}).status_code == 200


def test_inactive_channels_are_not_official(demo, client):
    make_channel(demo["THCS-BENTHUY"], active=False)
    page = client.get(reverse("review:public_check"), {"q": "facebook.com/thcsbenthuy"}).content.decode()
    assert "Không phải kênh chính thức" in page


def test_public_check_is_rate_limited_per_address(demo, client):
    cache.clear()
    url = reverse("review:public_check")
    codes = [client.get(url, {"q": "thcsbenthuy"}).status_code for _ in range(32)]
    assert codes[:30] == [200] * 30 and codes[-1] == 429
    other = client.get(url, {"q": "thcsbenthuy"}, REMOTE_ADDR="127.0.0.9")
    assert other.status_code == 200
    cache.clear()
