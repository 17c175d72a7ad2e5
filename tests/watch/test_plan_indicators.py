"""Hygiene compliance and security incidents feed plans' indicator formulas (registered functions),
per unit and rolled up the tree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mangxanh.plans import formula
from mangxanh.plans.models import Indicator
from mangxanh.review.models import OfficialChannel
from mangxanh.watch.models import ChannelHygiene, SecurityIncident

pytestmark = pytest.mark.django_db


@pytest.fixture
def channels(demo):
    today = timezone.localdate()
    good = OfficialChannel.objects.create(
        unit=demo["THCS-BENTHUY"], kind="facebook", name="Fanpage THCS Bến Thủy",
        address="https://facebook.com/thcsbenthuy", two_factor_enabled=True,
        last_security_review=today - timedelta(days=30), admin_names="Bùi Thị Hằng\nTrịnh Văn Khoa")
    ChannelHygiene.objects.create(channel=good, recovery_email="quantri@thcs-benthuy.songlam.edu.vn")
    good.unit.email = "vanthu@thcs-benthuy.songlam.edu.vn"
    good.unit.save()
    # another school of the same province: only the two admins are in order (1 of 4 checks)
    bad = OfficialChannel.objects.create(unit=demo["THCS-HONGSON"], kind="zalo_oa", name="Zalo trường khác",
                                         address="https://zalo.me/1", admin_names="A\nB")
    return good, bad


def test_hygiene_compliance_per_unit_and_rolled_up(channels, demo):
    good, bad = channels
    assert formula.evaluate("channel_hygiene()", good.unit) == 100.0
    assert formula.evaluate("channel_hygiene()", bad.unit) == 25.0
    assert formula.evaluate("channel_hygiene()", demo["SGD-SL"]) == round(100 * 5 / 8)
    # one check across the subtree: the share of channels that pass it
    assert formula.evaluate("channel_hygiene(check=two_factor)", demo["SGD-SL"]) == 50.0
    assert formula.evaluate("channel_hygiene(check=admins)", demo["SGD-SL"]) == 100.0


def test_no_channels_counts_as_zero(demo):
    assert formula.evaluate("channel_hygiene()", demo["THCS-BENTHUY"]) == 0.0


def test_security_incidents_counted_in_the_subtree(channels, demo):
    good, bad = channels
    for channel, severity in ((good, "high"), (bad, "medium")):
        SecurityIncident.objects.create(unit=channel.unit, channel=channel, kind="other", severity=severity,
                                        title="Sự cố thử", fingerprint=f"f{channel.pk}")
    old = SecurityIncident.objects.create(unit=good.unit, channel=good, kind="other", title="Cũ", fingerprint="o")
    SecurityIncident.objects.filter(pk=old.pk).update(detected_at=timezone.now() - timedelta(days=800))
    assert formula.evaluate("count_security_incidents()", demo["SGD-SL"]) == 2
    assert formula.evaluate("count_security_incidents(period=all)", demo["SGD-SL"]) == 3
    assert formula.evaluate("count_security_incidents(severity=high)", demo["SGD-SL"]) == 1
    assert formula.evaluate("count_security_incidents()", good.unit) == 1


def test_bad_arguments_are_refused_in_vietnamese(demo):
    with pytest.raises(formula.FormulaError) as error:
        formula.parse("channel_hygiene(check=everything)")
    assert "check" in str(error.value)
    indicator = Indicator(unit=demo["SGD-SL"], name="Tuân thủ", formula="count_security_incidents(severity=x)",
                          target=90)
    with pytest.raises(ValidationError) as invalid:
        indicator.full_clean()
    assert "Giá trị «x» không hợp lệ" in str(invalid.value)
