"""The channel registry (scoped down the tree, nothing inherited) and the public check page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from mangxanh.review.channels import check_channel
from mangxanh.review.models import OfficialChannel
from mangxanh.review.normalise import channel_key, normalise_name
from tests.review.conftest import make_channel


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The public check counts look-ups per address; each test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


def test_normalise():
    assert channel_key("https://www.facebook.com/THCSBenThuy/?ref=bookmarks") == "facebook.com/thcsbenthuy"
    assert channel_key("m.facebook.com/thcsbenthuy") == "facebook.com/thcsbenthuy"
    assert channel_key("fb.com/profile.php?id=1000&x=1") == "facebook.com/1000"
    assert channel_key("@THCS.BenThuy") == "thcs.benthuy"
    assert channel_key("Trường THCS  Bến Thủy") == "truong thcs ben thuy"
    assert normalise_name("TRƯỜNG THCS BẾN THUỶ") == normalise_name("Truong THCS Ben Thuy")
    # decomposed (NFD) input and the other tone placement fold the same way
    import unicodedata
    assert normalise_name(unicodedata.normalize("NFD", "Bến Thuỷ")) == normalise_name("Bến Thủy") == "ben thuy"
    assert channel_key("") == "" and channel_key("http://[::1") != ""


POST_LINKS = {
    "facebook.com/thcsbenthuy": [
        "https://www.facebook.com/thcsbenthuy/posts/pfbid02abcXYZ?__cft__=1",
        "https://m.facebook.com/thcsbenthuy/photos/a.123/456/?type=3",
        "fb.com/ThcsBenThuy/videos/789",
        "https://facebook.com/pg/thcsbenthuy/posts/",
        "http://web.facebook.com/thcsbenthuy?mibextid=ZbWKwL",
    ],
    "facebook.com/100064123456789": [
        "https://www.facebook.com/profile.php?id=100064123456789&sk=photos",
        "https://www.facebook.com/100064123456789/posts/987654321",
        "https://www.facebook.com/permalink.php?story_fbid=555&id=100064123456789",
        "https://www.facebook.com/story.php?story_fbid=pfbid0x&id=100064123456789",
        "https://www.facebook.com/pages/THCS-Ben-Thuy/100064123456789",
    ],
    "zalo.me/4318859236441519185": [
        "https://zalo.me/4318859236441519185",
        "https://oa.zalo.me/4318859236441519185",
        "https://zalo.me/s/4318859236441519185/?utm_source=zalo",
    ],
    "youtube.com/@thcsbenthuy": [
        "https://www.youtube.com/@ThcsBenThuy/videos",
        "youtube.com/@thcsbenthuy/featured",
        "https://m.youtube.com/@thcsbenthuy",
    ],
    "youtube.com/channel/ucabc123": [
        "https://www.youtube.com/channel/UCabc123/videos?view=0",
    ],
    "tiktok.com/@thcsbenthuy": ["https://www.tiktok.com/@thcsbenthuy/video/7312345678901234567"],
}


def test_channel_key_of_a_post_is_its_channel():
    for identity, links in POST_LINKS.items():
        for link in links:
            assert channel_key(link) == identity, link
    # a video's channel is not in its link: it keeps its own key
    assert channel_key("https://youtu.be/dQw4w9WgXcQ?t=3") == channel_key("youtube.com/watch?v=dQw4w9WgXcQ")
    assert channel_key("https://www.youtube.com/shorts/dQw4w9WgXcQ") == "youtube.com/watch?v=dqw4w9wgxcq"
    # links on facebook.com that name no page stay distinct from any page
    assert channel_key("https://www.facebook.com/share/p/1AbC/") == "facebook.com/share/p/1abc"
    assert channel_key("https://www.facebook.com/watch/?v=123") == "facebook.com/watch?v=123"


def test_post_links_under_registered_channels_are_official(demo, client):
    school = demo["THCS-BENTHUY"]
    make_channel(school)
    make_channel(school, name="Trang Facebook theo mã số", address="https://www.facebook.com/profile.php?id=100064123456789")
    make_channel(school, name="Zalo OA THCS Bến Thủy", address="https://zalo.me/4318859236441519185", kind="zalo_oa")
    make_channel(school, name="Kênh YouTube THCS Bến Thủy", address="https://www.youtube.com/@thcsbenthuy", kind="youtube")
    make_channel(school, name="Kênh YouTube cũ", address="https://www.youtube.com/channel/UCabc123", kind="youtube")
    make_channel(school, name="TikTok THCS Bến Thủy", address="https://www.tiktok.com/@thcsbenthuy", kind="tiktok")
    make_channel(school, name="Cổng thông tin THCS Bến Thủy", address="https://thcsbenthuy.songlam.edu.vn", kind="website")
    make_channel(demo["SGD-SL"], name="Chuyên mục Sở trên cổng tỉnh", address="https://songlam.gov.vn/so-gddt", kind="website")
    url = reverse("review:public_check")
    website_pages = ["https://thcsbenthuy.songlam.edu.vn/tin-tuc/hop-phu-huynh-hoc-ky-1.html?utm=1",
                     "thcsbenthuy.songlam.edu.vn/thong-bao/"]
    for link in [*(link for links in POST_LINKS.values() for link in links), *website_pages]:
        page = client.get(url, {"q": link}).content.decode()
        assert "Đây là bài đăng trên kênh chính thức" in page or "Đây là kênh chính thức" in page, link
        assert "Trường THCS Bến Thủy" in page and "Không phải kênh chính thức" not in page, link
    page = client.get(url, {"q": "https://songlam.gov.vn/so-gddt/tin-tuc/123"}).content.decode()
    assert "Đây là bài đăng trên kênh chính thức" in page and "Sở Giáo dục" in page
    # a section of a website does not make the rest of the site official, nor other hosts
    for other in ("https://songlam.gov.vn/so-tai-chinh/tin/1", "https://evil-thcsbenthuy.songlam.edu.vn/x",
                  "https://songlam.edu.vn.evil.com/thcsbenthuy", "https://www.facebook.com/share/p/1AbC/"):
        assert "Không phải kênh chính thức" in client.get(url, {"q": other}).content.decode(), other


def test_video_link_known_from_a_channel_feed_is_official(demo, client):
    from mangxanh.review.models import PublishedItem

    channel = make_channel(demo["THCS-BENTHUY"], name="Kênh YouTube", address="https://youtube.com/@thcsbenthuy",
                           kind="youtube")
    PublishedItem.objects.create(channel=channel, guid="yt:video:Abc123XyZ_0", url="https://www.youtube.com/watch?v=Abc123XyZ_0",
                                 title="Lễ khai giảng", content_hash="x")
    result = check_channel("https://youtu.be/Abc123XyZ_0")
    assert result.official and result.matches == [channel] and result.is_post
    assert not check_channel("https://youtu.be/Zzz999").official


def test_genuine_answer_never_warns_about_sister_channels(demo, client):
    school = demo["THCS-BENTHUY"]
    make_channel(school, name="Trang Facebook THCS Bến Thủy", address="https://www.facebook.com/thcsbenthuy")
    make_channel(school, name="Trang Facebook Đoàn đội THCS Bến Thủy", address="https://www.facebook.com/thcsbenthuy1")
    make_channel(school, name="Zalo OA THCS Bến Thủy", address="https://zalo.me/thcsbenthuy", kind="zalo_oa")
    url = reverse("review:public_check")
    for query in ("https://www.facebook.com/thcsbenthuy", "https://facebook.com/thcsbenthuy/posts/1",
                  "https://facebook.com/thcsbenthuy1", "https://zalo.me/thcsbenthuy"):
        page = client.get(url, {"q": query}).content.decode()
        assert "Đây là" in page and 'id="lookalikes"' not in page and "gần giống" not in page, query
    fake = client.get(url, {"q": "https://facebook.com/thcsbenthuyy/posts/1"}).content.decode()
    assert "Không phải kênh chính thức" in fake and 'id="lookalikes"' in fake
    assert "gần giống trang chính thức nhưng không phải" in fake and "%" not in fake.split('id="lookalikes"')[1]


def test_name_search_ignores_accents_and_tone_placement(demo, client):
    make_channel(demo["THCS-BENTHUY"], name="Trang Facebook THCS Bến Thủy")
    make_channel(demo["THCS-HONGSON"], name="Trang Facebook THCS Hồng Sơn", address="https://facebook.com/thcshongson")
    url = reverse("review:public_check")
    for query in ("thcs ben thuy", "THCS Bến Thuỷ", "Bến Thủy", "ben  thuy", "Trường THCS Bến Thủy", "BEN THUY"):
        page = client.get(url, {"q": query}).content.decode()
        assert "Kênh chính thức đã đăng ký" in page and "Trang Facebook THCS Bến Thủy" in page, query
        assert "Trang giả mạo có thể dùng đúng tên" in page  # a name alone proves nothing
        assert "Hồng Sơn" not in page, query
    # words that only say what kind of unit it is match nothing on their own
    assert not check_channel("Trường THCS").official
    assert not check_channel("thcs ben thuy hong son").official


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
    assert "Kênh chính thức đã đăng ký" in page and "facebook.com/thcsbenthuy" in page
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


def test_lookalike_warning_names_only_the_closest_pages(demo, client):
    """In one province every page ends the same way ('….songlam'): the warning names the imitated
    page, not every school."""
    for code in ("THCS-BENTHUY", "TH-BENTHUY", "THCS-HONGSON", "THCS-NGHIPHONG", "MN-HOASEN"):
        slug = code.lower().replace("-", "")
        make_channel(demo[code], name=f"Trang {code}", address=f"https://www.facebook.com/{slug}.songlam")
    result = check_channel("https://facebook.com/thcsbenthuy.songlamm/posts/1")
    assert not result.official
    assert [c.unit.code for c in result.lookalikes] == ["THCS-BENTHUY"]


def test_a_post_link_is_called_a_post_and_a_channel_page_a_channel(demo):
    """A parent who pasted a post must read «bài đăng trên kênh chính thức», not that the post is a channel."""
    school = demo["THCS-BENTHUY"]
    make_channel(school)
    make_channel(school, name="Trang Facebook theo mã số", address="https://www.facebook.com/profile.php?id=100064123456789")
    make_channel(school, name="Kênh YouTube THCS Bến Thủy", address="https://www.youtube.com/@thcsbenthuy", kind="youtube")
    make_channel(school, name="TikTok THCS Bến Thủy", address="https://www.tiktok.com/@thcsbenthuy", kind="tiktok")
    posts = ["https://m.facebook.com/thcsbenthuy/posts/pfbid02xYz?mibextid=Nif5oz",
             "https://www.facebook.com/thcsbenthuy/photos/a.123/456/?type=3", "fb.com/ThcsBenThuy/videos/789",
             "https://www.facebook.com/100064123456789/posts/987654321",
             "https://www.facebook.com/permalink.php?story_fbid=555&id=100064123456789",
             "https://www.tiktok.com/@thcsbenthuy/video/7312345678901234567"]
    channels = ["https://www.facebook.com/thcsbenthuy", "m.facebook.com/thcsbenthuy/?ref=bookmarks",
                "https://facebook.com/pg/thcsbenthuy/posts/", "https://www.facebook.com/profile.php?id=100064123456789",
                "https://www.youtube.com/@ThcsBenThuy/videos", "https://www.tiktok.com/@thcsbenthuy"]
    for link in posts:
        result = check_channel(link)
        assert result.official and result.is_post, link
    for link in channels:
        result = check_channel(link)
        assert result.official and not result.is_post, link
