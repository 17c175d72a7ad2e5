"""The audit screen is for unit and system administrators, each seeing only their subtree."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mangxanh import audit
from mangxanh.audit.access import visible_entries
from mangxanh.audit.models import AuditEntry
from mangxanh.org.models import Membership, Role

User = get_user_model()
MARK = "Mốc kiểm tra"
PLACES = ["THCS-BENTHUY", "THCS-HONGSON", "XA-BENTHUY", "TH-BENTHUY", "SGD-SL", None]


@pytest.fixture
def marked(demo) -> dict[str | None, int]:
    """One entry per place, named after it; None is an entry that belongs to no unit."""
    seqs = {}
    for code in PLACES:
        entry = audit.record("approve", object_repr=f"{MARK} {code or 'không đơn vị'}", unit=demo[code] if code else None)
        seqs[code] = entry.seq
    return seqs


def seen(client) -> set[str | None]:
    response = client.get(reverse("audit:list"), {"q": MARK})
    assert response.status_code == 200
    html = response.content.decode()
    return {code for code in PLACES if f"{MARK} {code or 'không đơn vị'}" in html}


def test_school_admin_sees_only_the_school(marked, user_client):
    assert seen(user_client("thcs.quantri")) == {"THCS-BENTHUY"}


def test_commune_admin_sees_the_commune_and_its_schools(marked, user_client):
    assert seen(user_client("xa.benthuy.quantri")) == {"XA-BENTHUY", "THCS-BENTHUY", "TH-BENTHUY"}


def test_department_admin_sees_all_units_but_not_unitless_entries(marked, user_client):
    assert seen(user_client("so.quantri")) == set(PLACES) - {None}


def test_system_admin_sees_everything(marked, user_client):
    assert seen(user_client("admin")) == set(PLACES)


@pytest.mark.parametrize("username", ["thcs.bientap", "thcs.hieutruong", "so.lanhdao", "thcs.baovetre", "so.xuly"])
def test_other_roles_are_refused(marked, user_client, username):
    client = user_client(username)
    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_anonymous_is_sent_to_log_in(marked, client):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_school_admin_never_sees_other_school_entries_in_the_whole_log(demo, marked):
    admin = User.objects.get(username="thcs.quantri")
    school = demo["THCS-BENTHUY"]
    visible = visible_entries(AuditEntry.objects.all(), admin)
    assert visible.exists()
    for entry in visible.select_related("unit"):
        assert entry.unit.path.startswith(school.path) or entry.unit_path.startswith(school.path)


def test_after_a_move_old_and_new_parents_keep_their_part(demo, user_client):
    old_admin = User.objects.create(username="namdan.quantri")
    Membership.objects.create(user=old_admin, unit=demo["PGD-NAMDAN"], role=Role.UNIT_ADMIN)
    new_admin = User.objects.create(username="hungloc.quantri")
    Membership.objects.create(user=new_admin, unit=demo["XA-HUNGLOC"], role=Role.UNIT_ADMIN)
    school = demo["THCS-NAMDAN"]
    before = audit.record("approve", object_repr="Trước khi chuyển", unit=school)
    school.move_under(demo["XA-HUNGLOC"])
    after = audit.record("approve", object_repr="Sau khi chuyển", unit=school)

    def visible_to(user):
        return set(visible_entries(AuditEntry.objects.filter(pk__in=[before.pk, after.pk]), user).values_list("pk", flat=True))

    assert visible_to(old_admin) == {before.pk}
    assert visible_to(new_admin) == {before.pk, after.pk}


def test_menu_entry_only_for_administrators(marked, user_client):
    url = reverse("audit:list")
    assert f'href="{url}"' in user_client("thcs.quantri").get(reverse("core:home")).content.decode()
    assert f'href="{url}"' not in user_client("thcs.bientap").get(reverse("core:home")).content.decode()
