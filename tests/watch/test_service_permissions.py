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
