"""Scam-alert bulletins (issue 14, item 6): drafted from closed scam cases with the victim's names, numbers,
links and places masked by the engine's detectors; a person reviews before publishing; shown on the public
parent guidance page; sent to schools as review drafts for their channels. Our own Vietnamese examples."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mangxanh.intake import services
from mangxanh.intake.models import CaseState
from mangxanh.learning import bulletins
from mangxanh.learning.models import BulletinPush, ScamBulletin
from mangxanh.review.models import Draft, DraftStatus, OfficialChannel
from tests.intake.conftest import submit
from tests.learning.conftest import user

STORY = (
    "Chiều 12/3, chị Trần Thị Hạnh ở thôn Đông Hòa, xã Hưng Lộc nhận cuộc gọi từ số 0912 345 678 xưng là "
    "cô giáo chủ nhiệm lớp 8A Trường THCS Bến Thủy, báo cháu Minh Anh bị tai nạn, cần chuyển gấp 5.000.000 đồng "
    "vào tài khoản Vietcombank 0451000123456 mang tên NGUYEN VAN LONG. Kẻ gian gửi đường link "
    "https://truong-benthuy-hoc-phi.top/xacnhan và e-mail hotro.hocphi@gmail.com để xác nhận. "
    "Nhà chị ở số 14 ngõ 27 đường Lê Lợi."
)


@pytest.mark.parametrize("secret", [
    "Trần Thị Hạnh", "Minh Anh", "0912 345 678", "0451000123456", "NGUYEN VAN LONG", "truong-benthuy-hoc-phi.top",
    "hotro.hocphi@gmail.com", "Đông Hòa", "Hưng Lộc", "Bến Thủy", "8A", "ngõ 27", "Lê Lợi",
])
def test_the_victims_names_numbers_links_and_places_are_masked(secret):
    masked = bulletins.anonymise(STORY)
    assert secret not in masked


def test_what_the_scam_was_stays_readable():
    masked = bulletins.anonymise(STORY)
    assert "xưng là cô giáo chủ nhiệm" in masked and "5.000.000 đồng" in masked and "tai nạn" in masked
    assert "[số điện thoại]" in masked and "[số tài khoản]" in masked and "[đường link]" in masked
    assert bulletins.leftovers(masked) == []


def test_other_vietnamese_examples():
    text = ("Em Lê Hoàng Nam (SĐT 0987.654.321, CCCD 001208012345) bị dụ nạp thẻ game qua Zalo 0369 888 777; "
            "mẹ em là bà Phạm Thu Trang, trú tại phường Trường Thi, TP Vinh.")
    masked = bulletins.anonymise(text)
    for secret in ("Lê Hoàng Nam", "0987.654.321", "001208012345", "0369 888 777", "Phạm Thu Trang", "Trường Thi",
                   "Vinh"):
        assert secret not in masked, secret
    assert "nạp thẻ game qua Zalo" in masked


def _closed_scam_case(demo, description=STORY, categories=("scam",)):
    report = submit(categories=list(categories), description=description, unit=demo["THCS-BENTHUY"]).report
    case = report.case
    services.change_state(case, CaseState.CLOSED, user=user("so.xuly"), reason="resolved")
    case.refresh_from_db()
    return case


def test_a_bulletin_is_drafted_reviewed_published_and_sent_to_schools(demo, user_client):
    case = _closed_scam_case(demo)
    officer = user_client("so.xuly")
    listing = officer.get(reverse("learning:bulletin_list")).content.decode()
    assert case.number in listing
    response = officer.post(reverse("learning:bulletin_from_case", args=[case.pk]))
    bulletin = ScamBulletin.objects.get()
    assert response.status_code == 302 and bulletin.status == "draft" and bulletin.unit == demo["SGD-SL"]
    for secret in ("Trần Thị Hạnh", "0912 345 678", "0451000123456", "truong-benthuy", "Đông Hòa"):
        assert secret not in bulletin.body and secret not in bulletin.title
    # Not on the public page before a person has reviewed it.
    guidance = reverse("learning:guidance_unit", args=["THCS-BENTHUY"])
    assert bulletin.title not in Client().get(guidance).content.decode()
    # The reviewer types a phone number back in: saving keeps it, publishing refuses it.
    leader = user_client("so.lanhdao")
    url = reverse("learning:bulletin_detail", args=[bulletin.pk])
    leader.post(url, {"title": bulletin.title, "body": bulletin.body + "\nLiên hệ chị Hạnh: 0912345678."})
    page = leader.post(reverse("learning:bulletin_publish", args=[bulletin.pk]), follow=True).content.decode()
    assert "Bản tin còn thông tin có thể nhận ra người bị hại" in page and "0912345678" in page
    bulletin.refresh_from_db()
    assert bulletin.status == "draft"
    # An empty body is refused with a message and what was typed stays in the form.
    bad = leader.post(url, {"title": "Cảnh báo mới", "body": "ngắn"})
    assert bad.status_code == 400 and "ít nhất 30 ký tự" in bad.content.decode()
    assert 'value="Cảnh báo mới"' in bad.content.decode()
    leader.post(url, {"title": bulletin.title, "body": bulletin.body.replace("\nLiên hệ chị Hạnh: 0912345678.", "")})
    leader.post(reverse("learning:bulletin_publish", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.status == "published" and bulletin.reviewed_by == user("so.lanhdao")
    public = Client().get(guidance).content.decode()
    assert bulletin.title in public and "[số điện thoại]" in public
    assert bulletin.title in Client().get(reverse("learning:guidance")).content.decode()
    # Sent to every school below with an active official channel, as a draft in the normal review flow.
    for code in ("THCS-BENTHUY", "THCS-HONGSON"):
        OfficialChannel.objects.create(unit=demo[code], kind="facebook", name=f"Trang {code}",
                                       address=f"https://facebook.com/{code.lower()}")
    OfficialChannel.objects.create(unit=demo["THPT-NGUYENDU"], kind="website", name="Cũ", address="https://cu.edu.vn",
                                   active=False)
    schools_with_channels = set(OfficialChannel.objects.filter(
        active=True, unit__unit_type__kind="school").values_list("unit_id", flat=True))
    assert schools_with_channels == {demo["THCS-BENTHUY"].pk, demo["THCS-HONGSON"].pk}
    leader.post(reverse("learning:bulletin_push", args=[bulletin.pk]))
    drafts = Draft.objects.filter(pk__in=BulletinPush.objects.values("draft_id"))
    assert set(drafts.values_list("unit_id", flat=True)) == schools_with_channels
    draft = drafts.first()
    assert draft.status == DraftStatus.DRAFT and draft.latest_version.title == bulletin.title
    assert set(draft.target_channels.values_list("unit_id", flat=True)) == {draft.unit_id}
    leader.post(reverse("learning:bulletin_push", args=[bulletin.pk]))  # twice: nothing new
    assert BulletinPush.objects.count() == len(schools_with_channels)


def test_only_closed_scam_cases_become_bulletins(demo, user_client):
    open_case = submit(categories=["scam"], description=STORY).report.case
    other = _closed_scam_case(demo, description="Bạn lớp 8A bị bêu xấu trên nhóm chat.", categories=("harassment",))
    officer = user_client("so.xuly")
    for case in (open_case, other):
        page = officer.post(reverse("learning:bulletin_from_case", args=[case.pk]), follow=True).content.decode()
        assert "Chỉ soạn được bản tin từ vụ việc lừa đảo" in page
    assert not ScamBulletin.objects.exists()
    # A school teacher may not draft from cases at all.
    case = _closed_scam_case(demo)
    assert user_client("thcs.giaovien").post(reverse("learning:bulletin_from_case", args=[case.pk])).status_code == 404
    assert not ScamBulletin.objects.exists()


def test_one_capability_lets_drafters_and_publishers_see_bulletins(demo):
    from mangxanh.org import permissions

    assert permissions.roles_for("learning.bulletin_edit") == (
        permissions.roles_for("learning.bulletin_draft") | permissions.roles_for("learning.bulletin_publish"))
    bulletin = bulletins.draft_from_case(_closed_scam_case(demo), user("thcs.xuly"))
    for name in ("thcs.xuly", "thcs.duyet", "so.lanhdao", "admin"):  # drafter, publisher, both above, admin
        assert list(bulletins.visible_to(user(name))) == [bulletin], name
    for name in ("thcs.giaovien", "hongson.bientap", "xa.hongson"):
        assert not bulletins.visible_to(user(name)).exists(), name


def test_bulletin_services_refuse_a_person_without_the_capability(demo):
    from django.core.exceptions import PermissionDenied

    case = _closed_scam_case(demo)
    for who, unit in (("thcs.giaovien", None), ("xa.hongson", None), ("thcs.xuly", demo["SGD-SL"])):
        with pytest.raises(PermissionDenied):  # no drafting role there; a school cannot speak for the Sở
            bulletins.draft_from_case(case, user(who), unit)
    assert not ScamBulletin.objects.exists()
    bulletin = bulletins.draft_from_case(case, user("thcs.xuly"))
    before = (bulletin.title, bulletin.body, bulletin.status)
    with pytest.raises(PermissionDenied):
        bulletins.update(bulletin, user("thcs.giaovien"), "Tiêu đề khác", "Nội dung khác đủ dài để được lưu lại.")
    with pytest.raises(PermissionDenied):
        bulletins.publish(bulletin, user("thcs.xuly"))  # a drafter does not publish
    bulletin.refresh_from_db()
    assert (bulletin.title, bulletin.body, bulletin.status) == before and bulletin.reviewed_by is None
    bulletins.publish(bulletin, user("thcs.duyet"))
    with pytest.raises(PermissionDenied):
        bulletins.withdraw(bulletin, user("thcs.xuly"))
    bulletin.refresh_from_db()
    assert bulletin.status == "published"
    bulletins.withdraw(bulletin, user("thcs.duyet"))
    bulletin.refresh_from_db()
    assert bulletin.status == "withdrawn"
