"""Case services refuse people without the "case.act" capability on the case's unit, and change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from mangxanh.accounts.models import User
from mangxanh.intake import services
from mangxanh.intake.models import Case, CaseEvent, CaseNote, CaseState
from tests.intake.conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(demo):
    return submit(categories=["scam"], unit=demo["THCS-BENTHUY"], description="Tin nhắn lừa đảo học bổng").report.case


@pytest.mark.parametrize("username", ["hongson.duyet", "thcs.hieutruong", "thcs.giaovien", "xa.hongson"])
def test_people_without_case_act_change_nothing(case, username):
    # A neighbour school, a leader (sees cases, does not act), a teacher, the neighbouring ward.
    user = User.objects.get(username=username)
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(PermissionDenied):
        services.change_state(case, CaseState.VERIFYING, user=user)
    with pytest.raises(PermissionDenied):
        services.assign(case, user, user=user)
    with pytest.raises(PermissionDenied):
        services.add_note(case, "ghi chú", user=user)
    with pytest.raises(PermissionDenied):
        services.message_reporter(case.reports.first(), "xin chào", user=user)
    case.refresh_from_db()
    assert case.state == CaseState.NEW and case.assignee is None
    assert CaseEvent.objects.filter(case=case).count() == events
    assert not CaseNote.objects.filter(case=case).exists()


def test_officers_of_the_unit_or_above_may_act(case):
    for username in ("thcs.xuly", "so.xuly"):
        services.add_note(case, "đã xem", user=User.objects.get(username=username))
    case = services.change_state(case, CaseState.VERIFYING, user=User.objects.get(username="so.baovetre"))
    assert Case.objects.get(pk=case.pk).state == CaseState.VERIFYING
    assert CaseNote.objects.filter(case=case).count() == 2
