"""Views of records marked sensitive are recorded: directly, by decorator or by mixin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.views.generic import DetailView

from mangxanh import audit
from mangxanh.audit.models import AuditEntry
from mangxanh.audit.sensitive import AuditedViewMixin
from mangxanh.org.models import Membership

User = get_user_model()


@pytest.fixture
def officer(demo):
    return User.objects.get(username="thcs.baovetre")


def _request(user, path="/ho-so/1/"):
    request = RequestFactory().get(path, REMOTE_ADDR="192.0.2.7")
    request.user = user
    return request


def test_log_view_records_who_what_and_why(demo, officer):
    record = Membership.objects.get(user__username="thcs.xuly")
    entry = audit.log_view(_request(officer), record, reason="Xác minh tin báo")
    assert entry.action == "view"
    assert (entry.actor_username, entry.actor_ip) == ("thcs.baovetre", "192.0.2.7")
    assert (entry.object_type, entry.object_id) == ("org.membership", str(record.pk))
    assert entry.unit_id == demo["THCS-BENTHUY"].pk  # the record's unit, not the viewer's
    assert entry.message == "Xác minh tin báo"


def test_log_view_without_request_uses_the_context(demo, officer):
    record = Membership.objects.get(user__username="thcs.xuly")
    with audit.acting_as(officer):
        entry = audit.log_view(None, record)
    assert entry.actor_id == officer.pk


def test_decorator_records_noted_objects_after_success(demo, officer):
    record = Membership.objects.get(user__username="thcs.xuly")

    @audit.audited_view(reason="Xem hồ sơ")
    def detail(request):
        audit.note_view(request, record)
        return HttpResponse("ok")

    detail(_request(officer))
    assert AuditEntry.objects.filter(action="view", object_id=str(record.pk), message="Xem hồ sơ").count() == 1


def test_decorator_uses_template_response_object(demo, officer):
    record = Membership.objects.get(user__username="thcs.xuly")

    @audit.audited_view
    def detail(request):
        return TemplateResponse(request, "404.html", {"object": record})

    detail(_request(officer))
    assert AuditEntry.objects.filter(action="view", object_id=str(record.pk)).exists()


def test_refused_or_failed_views_record_nothing(demo, officer):
    record = Membership.objects.get(user__username="thcs.xuly")

    @audit.audited_view
    def refused(request):
        audit.note_view(request, record)
        return HttpResponse("cấm", status=403)

    @audit.audited_view
    def raising(request):
        raise PermissionDenied

    refused(_request(officer))
    with pytest.raises(PermissionDenied):
        raising(_request(officer))
    assert not AuditEntry.objects.filter(action="view").exists()


def test_mixin_records_the_fetched_object(demo, officer):
    record = Membership.objects.get(user__username="thcs.xuly")

    class Detail(AuditedViewMixin, DetailView):
        model = Membership
        template_name = "404.html"
        audit_reason = "Xem vai trò"

    Detail.as_view()(_request(officer), pk=record.pk)
    entry = AuditEntry.objects.get(action="view")
    assert (entry.object_id, entry.message, entry.actor_id) == (str(record.pk), "Xem vai trò", officer.pk)


def test_view_of_a_record_without_unit_belongs_to_the_viewers_unit(demo, officer):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Nhóm hỗ trợ")
    with audit.acting_as(officer, unit=demo["THCS-BENTHUY"]):
        entry = audit.log_view(None, group)
    assert entry.unit_id == demo["THCS-BENTHUY"].pk
