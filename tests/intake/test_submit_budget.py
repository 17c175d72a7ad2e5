"""What acknowledging a report costs in queries (issue: fast intake). Everything else belongs in the task.

The budget is per request of a new report with one link, on a warm process; a change that adds a
query to the acknowledged path must say why here. The request writes the report, its links and the
task that opens its case (mangxanh.intake.opening): no case, clock, scan or audit entry, so it never
waits for the audit chain's lock.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mangxanh.audit.models import AuditEntry
from mangxanh.intake.models import Report
from mangxanh.intake.opening import open_case
from mangxanh.scanning.models import Scan
from tests.intake.test_api import body, post
from tests.intake.test_public_form import form_data

# Was 29 (API) and 33 (form), then 16 and 19 with the case opened in the request. Savepoints are not
# counted: in production the submission is the request's own transaction (BEGIN/COMMIT are not
# captured); here the test's transaction turns it into a savepoint.
# The key, the school named, the report, its link, its task.
API_BUDGET = 5
FORM_BUDGET = 8  # + the school named and the session that carries code and PIN to the confirmation page


def _statements(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_api_submission_query_budget(client, partner):
    _, raw = partner
    post(client, raw, body(external_ref="warm"), HTTP_IDEMPOTENCY_KEY="warm")  # caches, last_used_at
    with CaptureQueriesContext(connection) as ctx:
        response = post(client, raw, body(urls=["https://vi.du/khac"], reported_account="tai-khoan-khac"),
                        HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201, response.content
    sql = _statements(ctx)
    assert len(sql) <= API_BUDGET, "\n".join(sql)
    assert not any("audit_auditentry" in q or "advisory" in q for q in sql), "\n".join(sql)
    report = Report.objects.get(code=response.json()["code"])
    open_case(report.pk)  # the task, in the worker
    report.refresh_from_db()
    assert Scan.objects.latest_for(report).status == "pending"
    assert AuditEntry.objects.filter(object_type="intake.report", object_id=str(report.pk)).exists()
    assert report.case.deadlines.count() >= 1


def test_form_submission_query_budget(client, demo):
    client.get("/phan-anh/")
    submitted = client.post("/phan-anh/", form_data(description="Khởi động: một phản ánh trước"))
    assert submitted.status_code == 302
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/phan-anh/", form_data(links="https://vi.du/mot-link-khac"))
    assert response.status_code == 302
    sql = _statements(ctx)
    assert len(sql) <= FORM_BUDGET, "\n".join(sql)


def test_a_failed_submission_leaves_no_audit_entry(partner, client):
    _, raw = partner
    before = AuditEntry.objects.count()
    response = post(client, raw, body(school_code="KHONG-CO"), HTTP_IDEMPOTENCY_KEY="k-x")
    assert response.status_code == 422
    assert AuditEntry.objects.count() == before and not Report.objects.exists()
