"""Evidence on the case page: blurred thumbnails from the server, custody entries only for real access,
and who may open originals of child-abuse images."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mangxanh.accounts.models import User
from mangxanh.intake import services
from mangxanh.intake.models import Agency, CustodyAction, Evidence, EvidencePackage, Referral, TakedownRequest
from tests.intake.conftest import submit


def striped_png() -> bytes:
    image = Image.new("RGB", (120, 90), (255, 255, 255))
    for x in range(0, 120, 4):
        for y in range(90):
            image.putpixel((x, y), (0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def case(demo):
    return submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Ảnh chụp tin nhắn gạ gẫm",
                  reported_account="ke.la.mat").report.case


@pytest.fixture
def evidence(case, user_client):
    user_client("thcs.xuly").post(f"/vu-viec/{case.pk}/chung-cu/",
                                  {"file": SimpleUploadedFile("anh.png", striped_png())})
    return Evidence.objects.get(case=case)


def _custody(evidence) -> list[str]:
    return list(evidence.custody.order_by("pk").values_list("action", flat=True))


def test_page_loads_write_no_view_and_show_a_server_blurred_thumbnail(user_client, case, evidence):
    client = user_client("thcs.xuly")
    for _ in range(3):
        html = client.get(f"/vu-viec/{case.pk}/").content.decode()
    thumb_url = f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/anh-mo/"
    assert f'src="{thumb_url}"' in html
    assert f'src="/vu-viec/{case.pk}/chung-cu/{evidence.pk}/"' not in html  # the original is never inlined
    response = client.get(thumb_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    thumb = Image.open(io.BytesIO(response.content)).convert("L")
    # Black and white stripes blurred to grey: nothing near pure black or white remains.
    low, high = thumb.getextrema()
    assert low > 40 and high < 215
    assert _custody(evidence) == [CustodyAction.CAPTURED]
    # Cached by the file's hash: the second request reads the same bytes.
    assert client.get(thumb_url).content == response.content


def test_opening_and_downloading_the_original_are_logged(user_client, case, evidence):
    client = user_client("thcs.xuly")
    assert client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/").status_code == 200
    download = client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/?tai=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert _custody(evidence) == [CustodyAction.CAPTURED, CustodyAction.VIEWED, CustodyAction.DOWNLOADED]


def test_package_manifest_lists_summary_and_custody_with_referrals_takedowns_and_vietnam_time(
        user_client, case, evidence, settings):
    settings.TIME_ZONE = "UTC"  # the package's texts are in Vietnam time whatever the server's zone
    officer = User.objects.get(username="thcs.xuly")
    Referral.objects.create(case=case, agency=Agency.objects.get(code="tong-dai-111"), sent_by=officer,
                            their_reference="111-2026-77")
    TakedownRequest.objects.create(case=case, agency=Agency.objects.filter(kind="platform").first(),
                                   url="https://facebook.com/post/1", sent_by=officer)
    services.add_note(case, "x", user=officer)
    client = user_client("thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/goi-chung-cu/")
    package = EvidencePackage.objects.get(case=case)
    blob = b"".join(client.get(f"/vu-viec/{case.pk}/goi-chung-cu/{package.pk}/").streaming_content)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        manifest = dict(line.split("  ")[::-1] for line in zf.read("danh-muc-sha256.txt").decode().splitlines())
        for name in ("tom-tat.pdf", "nhat-ky-luu-giu.csv"):
            assert manifest[name] == hashlib.sha256(zf.read(name)).hexdigest()
        rows = list(csv.reader(io.StringIO(zf.read("nhat-ky-luu-giu.csv").decode())))
        assert zf.read("tom-tat.pdf").startswith(b"%PDF")
    assert all(r[4].endswith("+07:00") for r in rows[1:])
    assert rows[-1][2] == "Đóng gói" and rows[-1][3] == str(officer.get_full_name() or officer.username)
    from mangxanh.intake.package import summary_texts

    text = "\n".join(t for _, t in summary_texts(case, package.created_at, officer))
    assert "111-2026-77" in text and "facebook.com/post/1" in text
    assert "Người lập gói" in text and "giờ Việt Nam" in text


def _downloads(obj) -> int:
    from mangxanh.audit.models import AuditEntry

    return AuditEntry.objects.filter(action="download", object_type=obj._meta.label_lower,
                                     object_id=str(obj.pk)).count()


@pytest.mark.parametrize("username", ["thcs.hieutruong", "so.lanhdao", "xa.benthuy", "admin"])
def test_leaders_and_administrators_see_counts_and_thumbnails_not_originals(user_client, case, evidence, username):
    services.add_note(case, "Chuẩn bị gói", user=User.objects.get(username="thcs.xuly"))
    user_client("thcs.xuly").post(f"/vu-viec/{case.pk}/goi-chung-cu/")
    package = EvidencePackage.objects.get(case=case)
    client = user_client(username)
    html = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Chứng cứ (1 tệp)" in html
    assert f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/anh-mo/" in html
    assert f'href="/vu-viec/{case.pk}/chung-cu/{evidence.pk}/"' not in html
    assert client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/anh-mo/").status_code == 200
    assert client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/").status_code == 403
    assert client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/?tai=1").status_code == 403
    assert client.get(f"/vu-viec/{case.pk}/goi-chung-cu/{package.pk}/").status_code in (403, 404)
    assert CustodyAction.VIEWED not in _custody(evidence) and _downloads(evidence) == 0


@pytest.mark.parametrize("username", ["thcs.xuly", "thcs.baovetre", "so.xuly", "so.baovetre"])
def test_case_and_child_protection_officers_open_originals_and_each_view_is_audited(
        user_client, case, evidence, username):
    client = user_client(username)
    html = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert f'href="/vu-viec/{case.pk}/chung-cu/{evidence.pk}/"' in html
    assert _downloads(evidence) == 0  # the page itself opens no original
    for _ in range(2):
        assert client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/").status_code == 200
    assert _downloads(evidence) == 2
