"""Reading a page: visible text, links with their location, and what is hidden from people."""

from __future__ import annotations

import pytest

from mangxanh.watch.page import hidden_selectors, parse_page

URL = "http://truong.example/"


def page(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


@pytest.mark.parametrize("style", ["display:none", "visibility: hidden", "font-size:0", "font-size: 0px;",
                                   "position:absolute; left:-9999px", "text-indent:-10000px"])
def test_inline_styles_that_hide(style):
    snap = parse_page(URL, page(f'<div style="{style}"><a href="https://x.example/">nhà cái</a></div>'))
    assert snap.links[0].hidden
    assert snap.hidden_text[0]["text"] == "nhà cái"
    assert "nhà cái" not in snap.text


def test_style_block_classes_ids_and_hidden_attribute():
    head = "<style>/* x */ .a{color:red} .spam, #lk {display:none} div .deep{font-size:0}</style>"
    snap = parse_page(URL, page('<p class="a">thấy</p><p class="spam">ẩn 1</p><p id="lk">ẩn 2</p>'
                                '<div><span class="deep">ẩn 3</span></div><p hidden>ẩn 4</p>', head))
    assert snap.text == ["thấy"]
    assert [h["text"] for h in snap.hidden_text] == ["ẩn 1", "ẩn 2", "ẩn 3", "ẩn 4"]


def test_a_style_block_after_the_element_still_counts():
    snap = parse_page(URL, page('<div class="x"><a href="https://c.example/">cược</a></div>'
                                '<style>.x{visibility:hidden}</style>'))
    assert snap.links[0].hidden


def test_font_size_zero_point_five_is_not_hidden():
    assert not hidden_selectors("<style>.a{font-size:0.5em}</style>").classes


def test_location_of_elements():
    snap = parse_page(URL, page('<div id="main"><p>a</p></div><footer><p>b</p>'
                                '<div class="f"><a href="/x">1</a><a href="/y">2</a></div></footer>'))
    assert snap.links[1].selector == "html > body > footer > div.f > a:nth-of-type(2)"
    assert snap.links[0].href == "http://truong.example/x"


def test_scripts_and_iframes():
    snap = parse_page(URL, page('<script src="/app.js"></script><script>eval(atob("eA=="))</script>'
                                '<iframe src="https://ads.example/f"></iframe>'))
    assert snap.scripts[0]["key"] == "http://truong.example/app.js"
    assert snap.scripts[1]["key"].startswith("inline:") and "eval" in snap.scripts[1]["code"]
    assert snap.iframes[0]["key"] == "https://ads.example/f"
    assert snap.text == []  # script code is not page text


def test_broken_html_does_not_break_the_reader():
    snap = parse_page(URL, b"<div><p>m\xe1\xbb\x99t<b>hai</div></i><a href='/z'>ba")
    assert snap.text and snap.links[0].text == "ba"


def test_snapshot_round_trips_through_json():
    from mangxanh.watch.page import Snapshot

    snap = parse_page(URL, page('<a href="/x">1</a>'))
    assert Snapshot.from_json(snap.to_json()) == snap


def test_rules_inside_media_queries_do_not_count_as_hidden():
    css = ("<style>@media (max-width: 600px) { .social { display:none } .x{color:red} } "
           ".spam{display:none}</style>")
    found = hidden_selectors(css)
    assert found.classes == {"spam"}


def test_media_screen_still_hides():
    assert hidden_selectors("<style>@media screen { .spam { display:none } }</style>").classes == {"spam"}


def test_unknown_charset_is_read_as_utf8():
    snap = parse_page(URL, "<p>Trường học</p>".encode(), "khong-co-bang-ma")
    assert snap.text == ["Trường học"]


def test_windows_1258_page():
    snap = parse_page(URL, "<p>Truong hoc</p>".encode("cp1258"), "windows-1258")
    assert snap.text == ["Truong hoc"]


def test_charset_from_the_meta_tag():
    body = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head>' \
           "<body><p>Trường</p></body></html>"
    snap = parse_page(URL, body.encode("cp1258", "replace"))
    assert snap.text[0].startswith("Tr") and "\ufffd" not in snap.text[0]
