"""Watch services check "watch.view" for a person acting on an incident of their subtree."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from mangxanh.watch import incidents
from mangxanh.watch.models import IncidentStatus
from tests.watch.test_incidents import incident  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["thcs.bientap", "xa.hongson"])
def test_people_without_watch_view_cannot_change_an_incident(incident, username):  # noqa: F811
    before = incident.status
    with pytest.raises(PermissionDenied):
        incidents.change_status(incident, IncidentStatus.CLOSED, user=get_user_model().objects.get(username=username))
    incident.refresh_from_db()
    assert incident.status == before


def test_an_unprivileged_person_changes_nothing_else_on_an_incident(incident):  # noqa: F811
    users = get_user_model().objects
    for username in ("thcs.giaovien", "xa.hongson"):  # no watch role; a leader of another ward
        person = users.get(username=username)
        with pytest.raises(PermissionDenied):
            incidents.set_checklist(incident, {"change_passwords"}, user=person)
        with pytest.raises(PermissionDenied):
            incidents.mark_personal_data_risk(incident, user=person)
        with pytest.raises(PermissionDenied):
            incidents.save_notes(incident, "Ghi chú", user=person)
    incident.refresh_from_db()
    assert not any(incident.checklist.values()) and not incident.personal_data_risk and incident.notes == ""
    leader = users.get(username="thcs.hieutruong")
    incidents.mark_personal_data_risk(incident, user=leader)
    with pytest.raises(PermissionDenied):
        incidents.mark_notified(incident, user=users.get(username="thcs.giaovien"))
    incident.refresh_from_db()
    assert incident.personal_data_risk and incident.notified_at is None
    incidents.mark_notified(incident, user=leader)
    incidents.save_notes(incident, "Đã báo nhà mạng", user=leader)
    incident.refresh_from_db()
    assert incident.notified_at and incident.notes == "Đã báo nhà mạng"
