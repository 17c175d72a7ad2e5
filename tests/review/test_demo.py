from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from mangxanh.review.models import Draft, DraftStatus, OfficialChannel


def test_demo_review_loads_once(demo, capsys):
    call_command("demo_review")
    assert "Đã tạo 5" in capsys.readouterr().out
    call_command("demo_review")
    assert "không tạo thêm" in capsys.readouterr().out
    assert OfficialChannel.objects.count() == 3
    assert Draft.objects.filter(status=DraftStatus.SUBMITTED).count() == 1


def test_demo_review_needs_the_demo_province(db):
    with pytest.raises(CommandError, match="demo load"):
        call_command("demo_review")
