"""A comment on a school's page in which a pupil tells of harm done to them is surfaced to the
child-protection officer, not only handled as content to remove."""

from __future__ import annotations

import json

from django.urls import reverse

from mangxanh.org.models import Membership, Role
from mangxanh.review.feeds import import_export
from mangxanh.review.models import FlaggedTask, Notification
from tests.review.conftest import make_channel, run_pending_scans


def _import(demo, message: str) -> FlaggedTask:
    export = json.dumps([{"id": "c1", "message": message}], ensure_ascii=False).encode()
    import_export(make_channel(demo["THCS-BENTHUY"]), export, "xuat.json")
    run_pending_scans()
    return FlaggedTask.objects.get()


def _protection_officers(demo):
    return Membership.objects.filter(unit=demo["THCS-BENTHUY"], role=Role.CHILD_PROTECTION).values_list("user", flat=True)


def test_a_disclosure_reaches_child_protection_and_the_task_says_so(demo, user_client):
    task = _import(demo, "cô ơi e bị mấy bạn lớp 7A chặn đánh ở nhà xe, lấy hết tiền, e ko dám đi học nữa")
    officers = list(_protection_officers(demo))
    assert officers
    assert Notification.objects.filter(user__in=officers, kind="disclosure").exists()
    page = user_client("thcs.duyet").get(reverse("review:task_detail", kwargs={"pk": task.pk})).content.decode()
    assert "Có người đang cần giúp đỡ" in page


def test_ordinary_flagged_content_does_not_page_child_protection(demo, user_client):
    task = _import(demo, "Liên hệ cô chủ nhiệm 0912345678 để nộp hồ sơ.")
    assert not Notification.objects.filter(kind="disclosure").exists()
    page = user_client("thcs.duyet").get(reverse("review:task_detail", kwargs={"pk": task.pk})).content.decode()
    assert "Có người đang cần giúp đỡ" not in page
