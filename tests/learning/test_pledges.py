"""Pledges: public online signing, paper counts by class, signed % per unit, XLSX export without formulas."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from mangxanh.learning import pledges as flow
from mangxanh.learning.models import Pledge, PledgeSignature


def _pledge(demo):
    return Pledge.objects.create(unit=demo["SGD-SL"], title="Cam kết an toàn mạng", text="Tôi cam kết…")


def _sign(client, pledge, unit, **data):
    url = reverse("learning:pledge_sign", kwargs={"pk": pledge.pk, "code": unit.code})
    return client.post(url, {"name": "Nguyễn Thị Hoa", "role": "parent", "class_name": "8a", **data})


def test_a_parent_signs_without_logging_in(demo):
    pledge = _pledge(demo)
    page = Client().get(reverse("learning:pledge_sign", kwargs={"pk": pledge.pk, "code": "THCS-BENTHUY"}))
    assert page.status_code == 200 and "Tôi cam kết thực hiện" in page.content.decode()
    response = _sign(Client(), pledge, demo["THCS-BENTHUY"])
    assert response.status_code == 200 and "Cảm ơn" in response.content.decode()
    signature = PledgeSignature.objects.get()
    assert (signature.unit, signature.role, signature.class_name) == (demo["THCS-BENTHUY"], "parent", "8A")
    _sign(Client(), pledge, demo["THCS-BENTHUY"])  # the same person twice counts once
    assert PledgeSignature.objects.count() == 1


def test_bad_signatures_and_units_outside_the_pledge_are_refused(demo):
    school_pledge = Pledge.objects.create(unit=demo["THCS-BENTHUY"], title="Cam kết trường", text="…")
    assert _sign(Client(), school_pledge, demo["THCS-HONGSON"]).status_code == 404
    pledge = _pledge(demo)
    assert _sign(Client(), pledge, demo["THCS-BENTHUY"], role="hacker").status_code == 400
    assert _sign(Client(), pledge, demo["THCS-BENTHUY"], class_name="").status_code == 400
    assert _sign(Client(), pledge, demo["THCS-BENTHUY"], name="").status_code == 400
    pledge.is_published = False
    pledge.save()
    assert _sign(Client(), pledge, demo["THCS-BENTHUY"]).status_code == 404
    assert not PledgeSignature.objects.exists()


def test_paper_counts_and_signed_percent_per_unit_and_rolled_up(demo, user_client):
    pledge = _pledge(demo)
    client = user_client("thcs.giaovien")
    url = reverse("learning:pledge_paper", kwargs={"pk": pledge.pk})
    client.post(url, {"expected": "50"})
    client.post(url, {"class_name": "6a", "role": "pupil", "count": "30"})
    client.post(url, {"class_name": "6A", "role": "pupil", "count": "35"})  # corrected count replaces
    _sign(Client(), pledge, demo["THCS-BENTHUY"], name="Cô Lan", role="staff", class_name="")
    numbers = flow.signed_numbers(pledge, demo["THCS-BENTHUY"])
    assert numbers == {"online": 1, "paper": 35, "signed": 36, "expected": 50, "percent": 72.0}
    assert flow.signed_numbers(pledge, demo["SGD-SL"])["percent"] == 72.0
    assert [n for _, n in flow.signed_by_group(pledge, demo["SGD-SL"])] == [1, 35, 0]  # staff, pupils, parents
    assert flow.signed_numbers(pledge, demo["XA-HONGSON"])["percent"] is None
    page = user_client("so.lanhdao").get(reverse("learning:pledge_detail", kwargs={"pk": pledge.pk})).content.decode()
    assert "72,0%" in page  # Vietnamese decimal comma


def test_export_lists_signers_and_neutralises_formulas(demo, user_client):
    pledge = _pledge(demo)
    _sign(Client(), pledge, demo["THCS-BENTHUY"], name='=HYPERLINK("http://x","Bấm")', class_name="+8A")
    _sign(Client(), pledge, demo["THCS-HONGSON"], name="Trần Văn Hồng Sơn")
    response = user_client("thcs.giaovien").get(reverse("learning:pledge_export", kwargs={"pk": pledge.pk}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Ký trực tuyến"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"http://x\",\"Bấm\")" in values and "'+8A" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)
    # A school's staff get their own school's signers only; the issuer gets all.
    assert "Trần Văn Hồng Sơn" not in values
    issuer = user_client("so.quantri").get(reverse("learning:pledge_export", kwargs={"pk": pledge.pk}))
    all_values = [c.value for row in load_workbook(io.BytesIO(issuer.content))["Ký trực tuyến"].iter_rows() for c in row]
    assert "Trần Văn Hồng Sơn" in all_values


def test_safe_cell_covers_every_formula_start():
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert flow.safe_cell(bad).startswith("'")
    assert flow.safe_cell("Bình thường") == "Bình thường" and flow.safe_cell(5) == 5


def test_issuer_reminds_units_below_the_threshold(demo, user_client, mailoutbox, immediate_tasks,
                                                  django_capture_on_commit_callbacks):
    pledge = _pledge(demo)
    flow.set_target(pledge, demo["THCS-BENTHUY"], 10, user=None)
    flow.set_target(pledge, demo["THCS-HONGSON"], 2, user=None)
    _sign(Client(), pledge, demo["THCS-HONGSON"], name="Trần Hồng", role="staff", class_name="")
    _sign(Client(), pledge, demo["THCS-HONGSON"], name="Lê Sơn", role="staff", class_name="")
    assert [u.code for u, _ in flow.units_below(pledge, 80)] == ["THCS-BENTHUY"]
    url = reverse("learning:pledge_remind", kwargs={"pk": pledge.pk})
    assert user_client("thcs.hieutruong").post(url, {"threshold": "80"}).status_code == 404
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued for after the commit
        user_client("so.lanhdao").post(url, {"threshold": "80"})
    recipients = sorted(r for m in mailoutbox for r in m.to)
    assert recipients == ["thcs.hieutruong@demo.songlam.edu.vn", "thcs.quantri@demo.songlam.edu.vn"]
    assert "0/10" in mailoutbox[0].body
    user_client("so.lanhdao").post(url, {"threshold": "abc"})
    assert len(mailoutbox) == 2


def test_signed_list_as_an_official_docx(demo, user_client):
    from docx import Document

    pledge = _pledge(demo)
    _sign(Client(), pledge, demo["THCS-BENTHUY"], name="Nguyễn Thị Hoa")
    _sign(Client(), pledge, demo["THCS-HONGSON"], name="Trần Văn Hồng Sơn")
    flow.record_paper(pledge, demo["THCS-BENTHUY"], "6A", "pupil", 30, None)
    response = user_client("thcs.giaovien").get(reverse("learning:pledge_export_docx", kwargs={"pk": pledge.pk}))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "TRƯỜNG THCS BẾN THỦY" in text and "DANH SÁCH KÝ CAM KẾT" in text and "đóng dấu" in text
    assert "6A" in text and "Nguyễn Thị Hoa" in cells and "Trần Văn Hồng Sơn" not in cells
