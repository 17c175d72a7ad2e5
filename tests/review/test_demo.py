from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from mangxanh.review.models import Draft, DraftStatus, OfficialChannel


def test_demo_review_loads_once(demo, capsys):
    call_command("demo_review")
    assert "Đã tạo" in capsys.readouterr().out
    count = OfficialChannel.objects.count()
    call_command("demo_review")
    assert "không tạo thêm" in capsys.readouterr().out
    assert OfficialChannel.objects.count() == count
    assert Draft.objects.filter(status=DraftStatus.SUBMITTED).count() == 1


def test_demo_registers_channels_for_every_unit(demo, client):
    from mangxanh.org.models import Unit
    from mangxanh.review.channels import check_channel

    call_command("demo_review")
    units = Unit.objects.filter(is_active=True)
    assert all(OfficialChannel.objects.filter(unit=u, active=True).exists() for u in units)
    so = demo["SGD-SL"]
    assert OfficialChannel.objects.filter(unit=so).count() >= 2
    # the check can be tried on more than one school, and on the Sở
    for unit in (so, demo["THCS-BENTHUY"], demo["THCS-HONGSON"], demo["THPT-NGUYENDU"]):
        channel = OfficialChannel.objects.filter(unit=unit).first()
        result = check_channel(channel.address.rstrip("/") + "/tin-tuc/bai-1")
        assert result.official and {c.unit_id for c in result.matches} == {unit.pk}, unit.code
        assert check_channel(unit.short_name).official, unit.code
    # keys are unique: no two units share a channel identity
    keys = list(OfficialChannel.objects.values_list("address_key", flat=True))
    assert len(keys) == len(set(keys))


def test_demo_review_needs_the_demo_province(db):
    with pytest.raises(CommandError, match="demo load"):
        call_command("demo_review")
