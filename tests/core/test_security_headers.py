"""Headers: a Content-Security-Policy on every page with no inline script, style or event handler in
any template; case, victim and evidence pages never stored by a browser or proxy."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mangxanh.intake.models import Evidence
from tests.files import images

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "mangxanh").rglob("templates/**/*.html"))


class InlineCode(HTMLParser):
    """Collects what a strict policy blocks: inline scripts, on* handlers, style attributes and elements."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        kinds = dict(attrs)
        if tag == "script" and "src" not in names and kinds.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        self.found += [f"{tag} {name}=" for name in names if name.startswith("on") or name == "style"]
        self.found += [f"{tag} javascript: URL" for name, value in attrs if (value or "").strip().lower()
                       .startswith("javascript:")]


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "mangxanh")))
def test_no_template_has_inline_script_handler_or_style(template):
    source = template.read_text(encoding="utf-8")
    assert not re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", source), "inline <script>"
    assert not re.findall(r"\son[a-z]+\s*=", source), "inline event handler"
    assert not re.findall(r"\sstyle\s*=|<style", source), "inline style"


@pytest.fixture
def case(victim_case):
    return victim_case


def test_pages_carry_a_strict_policy_and_no_inline_code(client, demo, user_client, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    officer = user_client("thcs.xuly")
    officer.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("a.png", images.png_of_size(8, 8))})
    pages = [
        (client, "/tai-khoan/dang-nhap/"), (client, "/phan-anh/"), (client, "/kiem-tra-nhanh/"),
        (user_client("gv.haitruong"), "/"),  # two units: the unit switcher
        (officer, "/vu-viec/"), (officer, f"/vu-viec/{case.pk}/"), (officer, "/vu-viec/so-lieu/"),
        (user_client("thcs.baovetre"), f"/vu-viec/{case.pk}/nan-nhan/"),
        (user_client("so.quantri"), "/don-vi/"), (user_client("admin"), "/quan-tri/"),
        (client, "/khong-co-trang-nay/"),
    ]
    for who, url in pages:
        response = who.get(url, follow=True)
        assert response.status_code in (200, 404), url
        policy = csp_directives(response)
        assert policy["script-src"] == "script-src 'self'", url
        assert policy["style-src"] == "style-src 'self'", url
        assert policy["object-src"] == "object-src 'none'" and policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert "unsafe" not in response["Content-Security-Policy"]
        assert inline_code(response.content.decode()) == [], url


def test_the_evidence_viewer_keeps_its_stricter_policy(user_client, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    officer = user_client("thcs.xuly")
    officer.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("a.png", images.png_of_size(8, 8))})
    evidence = Evidence.objects.get(case=case)
    response = officer.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/")
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_case_victim_and_evidence_pages_are_never_stored(user_client, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    officer = user_client("thcs.xuly")
    officer.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("a.png", images.png_of_size(8, 8))})
    evidence = Evidence.objects.get(case=case)
    pages = [
        (officer, "/vu-viec/"), (officer, "/vu-viec/danh-sach/"), (officer, f"/vu-viec/{case.pk}/"),
        (officer, f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/"),
        (user_client("thcs.baovetre"), f"/vu-viec/{case.pk}/nan-nhan/"),
    ]
    for who, url in pages:
        response = who.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
    # A redirect after a change on a case page is not stored either.
    changed = officer.post(f"/vu-viec/{case.pk}/ghi-chu/", {"text": "Đã gọi phụ huynh."})
    assert changed.status_code == 302 and "no-store" in changed["Cache-Control"]
