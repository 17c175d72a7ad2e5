"""The numbers page rolls a unit's subtree up and stays inside the viewer's scope."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.review import drafts as flow
from mangxanh.review.stats import numbers_for
from tests.review.conftest import make_channel, submitted_draft, user


def _decide(draft, action, **kw):
    flow.claim(draft, user("thcs.duyet"))
    flow.decide(draft, user("thcs.duyet"), action, **kw)
    draft.refresh_from_db()


def test_numbers_roll_up_the_tree(demo, user_client):
    school = demo["THCS-BENTHUY"]
    first, second = submitted_draft(school), submitted_draft(school)
    _decide(first, "return", comment="Bỏ số điện thoại.")
    _decide(second, "approve")
    make_channel(school)
    make_channel(school, name="Website", address="https://thcsbenthuy.edu.vn", kind="website",
                 two_factor_enabled=True)
    for unit in (school, demo["XA-BENTHUY"], demo["SGD-SL"]):
        numbers = numbers_for(unit)
        assert numbers.reviewed == 2 and numbers.decisions == 2 and numbers.share_returned == 50
        assert numbers.approved == 1 and numbers.median_hours is not None
        assert numbers.channels == 2 and numbers.channels_without_2fa == 1
        assert numbers.findings.get("personal_data", 0) >= 4
    assert numbers_for(demo["XA-HONGSON"]).reviewed == 0
    page = user_client("xa.benthuy").get(reverse("review:stats")).content.decode()
    assert "Trường THCS Bến Thủy" in page and "50%" in page and 'id="chart-data"' in page


def test_numbers_page_stays_in_scope(demo, user_client):
    client = user_client("hongson.duyet")
    page = client.get(reverse("review:stats"), {"unit": demo["THCS-BENTHUY"].pk}).content.decode()
    assert "THCS Hồng Sơn" in page and "Trường THCS Bến Thủy" not in page
    assert client.get(reverse("review:stats"), {"unit": "abc"}).status_code == 200
    assert user_client("thcs.giaovien").get(reverse("review:stats")).status_code == 403


def test_findings_count_each_posts_current_version_once(demo, run_scans):
    """One post saved three times (and rescanned) counts the findings of its latest version only."""
    from mangxanh.scanning.service import request_scan

    school = demo["THCS-BENTHUY"]
    draft = submitted_draft(school)  # POST_TEXT: a CCCD number and a phone number
    first = numbers_for(school).findings.get("personal_data", 0)
    assert first >= 2
    _decide(draft, "return", comment="Bỏ số điện thoại.")
    editor = user("thcs.bientap")
    flow.save_version(draft, editor, "Khen thưởng học sinh", "<p>Chúc mừng em Hoa. CCCD: 036211004567.</p>")
    flow.save_version(draft, editor, "Khen thưởng học sinh", "<p>Chúc mừng em Hoa. CCCD: 036211004567.</p><p>.</p>")
    run_scans()
    request_scan(draft.versions.order_by("-number").first())  # a rescan of the same version
    run_scans()
    latest = numbers_for(school).findings.get("personal_data", 0)
    assert 1 <= latest < first
    assert numbers_for(demo["SGD-SL"]).findings.get("personal_data", 0) == latest
