"""Links scored offline: shorteners, punycode, mixed scripts, official look-alikes, brands, TLDs."""

import pytest

from mangxanh.engine.detectors.urls import extractor, score_url


@pytest.mark.parametrize(
    "url",
    [
        "b0congan-gov.vn",
        "moet-gov.com",
        "http://vietcombank.secure-login.xyz/abc",
        "https://xn--vietcombnk-5ve.com",
        "vietcombаnk.com",  # Cyrillic "а"
        "http://bocongan-gov.vn.xyz/dinh-danh",
        "dichvucong-vn.online",
    ],
)
def test_risky(url):
    score, reasons = score_url(url)
    assert score >= 0.5 and reasons


@pytest.mark.parametrize(
    "url",
    ["https://bocongan.gov.vn/tin-tuc", "moet.gov.vn", "https://www.vietcombank.com.vn", "thcsquangtrung.edu.vn",
     "https://zalo.me/g/abc", "https://docs.google.com/forms/x", "vnexpress.net"],
)
def test_normal(url):
    assert score_url(url) == (0.0, [])


def test_shortener_alone_is_a_weak_signal():
    score, reasons = score_url("bit.ly/abc")
    assert 0 < score < 0.5 and reasons


def test_extractor_is_offline():
    ext = extractor()
    assert ext.suffix_list_urls == ()
    assert ext.extract_str("a.b.gov.vn").suffix == "gov.vn"


@pytest.mark.parametrize("url", ["vcb-huy-gd.com", "tpb-khoa-tk.net", "bidv-uu-dai.online", "https://vib-nhanqua.com/dang-nhap"])
def test_a_bank_short_name_in_a_hyphenated_domain_is_a_look_alike(url):
    score, reasons = score_url(url)
    assert score >= 0.7 and reasons


@pytest.mark.parametrize("url", ["acb.com.vn", "shb.com.vn", "https://vib.com.vn/ca-nhan", "scbs.com.vn"])
def test_a_bank_short_name_alone_is_not_a_look_alike(url):
    assert score_url(url) == (0.0, [])
