"""Storing a report: one transaction, routing, grouping of duplicates, priority, clocks, anonymity."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mangxanh.intake import services
from mangxanh.intake.models import Case, Deadline, Priority
from mangxanh.scanning.models import Scan
from tests.intake.conftest import run_scans, submit


def test_report_is_stored_with_code_pin_and_pending_scan(demo):
    result = submit()
    report = result.report
    assert report.code.startswith("PA-") and len(result.pin) == 6
    assert report.pin_hash != result.pin and report.check_pin(result.pin)
    assert not report.check_pin("000000" if result.pin != "000000" else "111111")
    assert Scan.objects.latest_for(report).status == "pending"


def test_routing_school_named_else_department(demo):
    assert submit(unit=demo["THCS-BENTHUY"]).report.case.unit == demo["THCS-BENTHUY"]
    assert submit(description="Tin khác hẳn", reported_account="").report.case.unit == demo["SGD-SL"]


def test_duplicates_by_link_account_and_file_join_one_case(demo):
    first = submit(links=["https://www.facebook.com/groups/lop8a/posts/1/"], unit=demo["THCS-BENTHUY"])
    same_link = submit(links=["https://facebook.com/groups/lop8a/posts/1"], unit=demo["THCS-BENTHUY"])
    same_account = submit(reported_account="@Ke_Xau", description="Khác")
    again_account = submit(reported_account="ke_xau ", description="Lần nữa", unit=demo["THCS-HONGSON"])
    assert same_link.report.case_id == first.report.case_id
    assert again_account.report.case_id == same_account.report.case_id
    assert first.report.case.reports.count() == 2
    # The first report named no school (the Sở has it); a later one naming a school inside it joins
    # the case, which stays where it is.
    assert Case.objects.get(pk=same_account.report.case_id).unit == demo["SGD-SL"]


def test_duplicate_never_moves_a_case_out_of_the_schools_hands(demo, user_client):
    link = "https://www.facebook.com/groups/lop8a/posts/7/"
    school = submit(links=[link], unit=demo["THCS-BENTHUY"]).report.case
    # Same link, no school named: joins the school's case, which stays with the school.
    again = submit(links=[link], description="Tôi cũng thấy bài này").report
    assert again.case_id == school.pk
    school.refresh_from_db()
    assert school.unit == demo["THCS-BENTHUY"] and school.reports.count() == 2
    assert user_client("thcs.xuly").get(f"/vu-viec/{school.pk}/").status_code == 200
    # Same link, another school named: that school gets its own case, linked; neither moves.
    other = submit(links=[link], description="Học sinh trường khác", unit=demo["THCS-HONGSON"]).report.case
    assert other.pk != school.pk and other.unit == demo["THCS-HONGSON"]
    school.refresh_from_db()
    assert school.unit == demo["THCS-BENTHUY"]
    assert list(school.linked.all()) == [other] and list(other.linked.all()) == [school]
    assert school.events.filter(text__contains=other.number).exists()
    assert user_client("thcs.xuly").get(f"/vu-viec/{school.pk}/").status_code == 200


def test_child_abuse_is_urgent_with_child_clocks(demo):
    report = submit(categories=["child_abuse"], description="Có người lạ nhắn tin đòi ảnh của em học sinh").report
    assert report.case.priority == Priority.URGENT and report.case.involves_child
    codes = set(Deadline.objects.filter(case=report.case).values_list("clock__code", flat=True))
    assert codes == {"tre-em-bao-ngay", "tre-em-can-thiep-12h"}


def test_engine_findings_raise_priority_after_the_scan(demo):
    report = submit(categories=["offensive"], description="Tao sẽ tự tử tối nay, không ai cứu được đâu").report
    assert report.case.priority == Priority.NORMAL
    run_scans()
    case = Case.objects.get(pk=report.case_id)
    report.refresh_from_db()
    if "self_harm" in report.engine_categories:
        assert case.priority == Priority.URGENT
        assert case.deadlines.filter(clock__code="tre-em-can-thiep-12h").exists()
    else:  # the engine may not flag it; the category the reporter chose stays
        assert case.priority == Priority.NORMAL


def test_anonymous_keeps_no_contact_at_all(demo):
    report = submit(anonymous=True, contact_name="Nguyễn Thị Hoa", contact="0912345678", may_contact=True).report
    report.refresh_from_db()
    assert (report.contact_name, report.contact, report.may_contact) == ("", "", False)
    named = submit(anonymous=False, contact="0912345678", may_contact=True, description="Khác").report
    assert named.contact == "0912345678" and named.may_contact


@pytest.mark.parametrize("links, message", [
    (["x"] * 51, "tối đa 50"),
    (["javascript:alert(1)"], "không hợp lệ"),
    (["https://"], "không hợp lệ"),
])
def test_bad_links_refused(links, message):
    with pytest.raises(ValidationError) as exc:
        services.clean_links(links)
    assert message in exc.value.messages[0]


def test_ten_thousand_links_refused_quickly():
    with pytest.raises(ValidationError, match="tối đa 50"):
        services.clean_links("\n".join(f"https://vi.du/{i}" for i in range(10_000)))


@pytest.mark.parametrize("text", ["abc\ud800def", "abc\x00"])
def test_broken_unicode_refused(text):
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.clean_text(text, field_label="Mô tả", max_length=100)


def test_text_is_stored_nfc():
    assert services.clean_text("Tie\u0302\u0301ng Vie\u0323\u0302t", field_label="x", max_length=100) == "Tiếng Việt"


def test_missing_category_refused():
    with pytest.raises(ValidationError, match="ít nhất một"):
        services.clean_categories([])
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.clean_categories(["politics"])


def test_case_title_of_a_long_description_ends_on_a_whole_word(demo):
    """The officer reads the title as a heading: a cut mid-word («ảnh riêng tư v») reads as a typo."""
    long = ("Một tài khoản tên 'anh.trai.tot' nhắn tin làm quen với em gái tôi học lớp 7, hứa tặng thẻ game "
            "nếu em gửi ảnh riêng tư và dặn không được kể với bố mẹ.")
    title = submit(description=long).report.case.title
    assert title.endswith("riêng tư…") and len(title) <= 200
    short = submit(description="Bạn lớp 8A bị bêu xấu.", categories=["harassment"]).report.case.title
    assert short.endswith("Bạn lớp 8A bị bêu xấu.")
