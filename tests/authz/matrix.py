"""The authorisation matrix: every URL of the project, classified.

Adding a URL without adding it here fails tests/authz/test_url_matrix.py, so
each new screen says who may use it and, when it shows one unit's object, how
to build the URL of that object for any unit (the tests then try it on another
school, the parent commune, the neighbouring commune and the Sở).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mangxanh.org.models import Membership, Role, Unit, UnitType

PUBLIC = "public"  # anyone, logged in or not
LOGIN = "login"  # any logged-in person; shows only their own things
ROLE = "role"  # logged-in people holding one of `roles` somewhere (no object in the URL)
SCOPED = "scoped"  # one unit's object: allowed with one of `roles` on that unit or above it
MEMBER = "member"  # one unit, allowed only for people who belong to that very unit
ADMIN_AREA = "admin"  # Django admin: staff (system administrators) only
OWN = "own"  # one person's own object (e.g. a quick check): only its author, everyone else 404
# One unit's object shared down the tree (a Sở quiz or pledge): allowed with one of `roles` on that
# unit, above it or below it; a sibling's or neighbour's is 404.
SHARED = "shared"

MANAGERS = frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
SYSTEM = frozenset({Role.SYSTEM_ADMIN})

# A person who belongs to exactly one demo unit, to stand for "an object of that unit".
PERSON_OF_UNIT = {
    "THCS-BENTHUY": "thcs.duyet",
    "THCS-HONGSON": "hongson.duyet",
    "XA-BENTHUY": "xa.benthuy",
    "XA-HONGSON": "xa.hongson",
    "SGD-SL": "so.xuly",
    "THPT-NGUYENDU": "thpt.bientap",
}

Target = tuple[dict, dict]  # (URL kwargs, POST data)


def unit_kwargs(unit: Unit) -> Target:
    return {"pk": unit.pk}, {}


def person_kwargs(unit: Unit) -> Target:
    membership = _membership_of(unit)
    return {"pk": membership.user_id}, {}


def membership_kwargs(unit: Unit) -> Target:
    membership = _membership_of(unit)
    return {"pk": membership.user_id, "membership_pk": membership.pk}, {}


def role_grant_data(unit: Unit) -> Target:
    # Try to give the other unit's person a role in the other unit.
    membership = _membership_of(unit)
    return {"pk": membership.user_id}, {"unit": unit.pk, "role": Role.EDITOR}


def role_request_kwargs(unit: Unit) -> Target:
    # A pending child-protection request in that unit, for a teacher who could decide nothing.
    from django.contrib.auth import get_user_model

    from mangxanh.org.models import RoleRequest, RoleRequestStatus

    teacher = get_user_model().objects.get(username="thcs.giaovien")
    request, _ = RoleRequest.objects.get_or_create(
        user=teacher, unit=unit, role=Role.CHILD_PROTECTION, status=RoleRequestStatus.PENDING
    )
    return {"pk": request.pk}, {"decision": "reject"}


def switch_data(unit: Unit) -> Target:
    return {}, {"unit": unit.pk, "next": "/"}


def any_unit_type(unit: Unit) -> Target:
    return {"pk": UnitType.objects.order_by("pk").first().pk}, {}


def unused_unit_type(unit: Unit) -> Target:
    free = UnitType.objects.filter(units__isnull=True).order_by("pk").first() or UnitType.objects.first()
    return {"pk": free.pk}, {}


def quick_check_kwargs(unit: Unit) -> Target:
    from mangxanh.scanning.models import QuickCheck

    membership = _membership_of(unit)
    check = QuickCheck.objects.filter(user=membership.user).first() or QuickCheck.objects.create(
        user=membership.user, unit=unit, text="Kiểm tra thử"
    )
    return {"pk": check.pk}, {}


# --- intake: cases of a unit (created on demand) ----------------------------------------------------
INTAKE_VIEW = frozenset({Role.CASE_OFFICER, Role.CHILD_PROTECTION, Role.LEADER, Role.SYSTEM_ADMIN})
INTAKE_ACT = frozenset({Role.CASE_OFFICER, Role.CHILD_PROTECTION, Role.SYSTEM_ADMIN})
INTAKE_ORIGINALS = frozenset({Role.CASE_OFFICER, Role.CHILD_PROTECTION})  # originals of evidence
CHILD_ONLY = frozenset({Role.CHILD_PROTECTION})  # system administrators do not get this (rules.py)


def _case_of(unit: Unit):
    from mangxanh.intake.models import Case

    return Case.objects.filter(unit=unit).first() or Case.objects.create(unit=unit, title="Vụ việc thử")


def case_kwargs(unit: Unit) -> Target:
    return {"pk": _case_of(unit).pk}, {}


def case_post(**data):
    def target(unit: Unit) -> Target:
        return {"pk": _case_of(unit).pk}, data

    target.__name__ = "case_post"
    return target


def evidence_kwargs(unit: Unit) -> Target:
    from mangxanh.files.storage import store_bytes
    from mangxanh.intake.models import Evidence

    case = _case_of(unit)
    stored = store_bytes(b"chung cu thu", name="a.txt", allowed={"text/plain"}, max_bytes=100).file
    evidence, _ = Evidence.objects.get_or_create(case=case, file=stored, defaults={"name": "a.txt",
                                                                                     "sha256": stored.sha256})
    return {"pk": case.pk, "evidence_pk": evidence.pk}, {}


def evidence_image_kwargs(unit: Unit) -> Target:
    import io

    from PIL import Image

    from mangxanh.files.storage import store_bytes
    from mangxanh.intake.models import Evidence

    case = _case_of(unit)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    stored = store_bytes(out.getvalue(), name="a.png", allowed={"image/png"}, max_bytes=10_000).file
    evidence, _ = Evidence.objects.get_or_create(case=case, file=stored, defaults={"name": "a.png",
                                                                                     "sha256": stored.sha256})
    return {"pk": case.pk, "evidence_pk": evidence.pk}, {}


def package_kwargs(unit: Unit) -> Target:
    from mangxanh.files.storage import store_bytes
    from mangxanh.intake.models import EvidencePackage

    case = _case_of(unit)
    stored = store_bytes(b"goi chung cu thu", name="a.txt", allowed={"text/plain"}, max_bytes=100).file
    package = EvidencePackage.objects.filter(case=case).first() or EvidencePackage.objects.create(
        case=case, file=stored, sha256=stored.sha256)
    return {"pk": case.pk, "package_pk": package.pk}, {}


def takedown_kwargs(unit: Unit) -> Target:
    from mangxanh.intake.models import Agency, TakedownRequest

    case = _case_of(unit)
    takedown = TakedownRequest.objects.filter(case=case).first() or TakedownRequest.objects.create(
        case=case, agency=Agency.objects.filter(kind="platform").first(), url="https://vi.du/bai-viet")
    return {"pk": case.pk, "takedown_pk": takedown.pk}, {"status": "acknowledged"}


def api_report_code(unit: Unit) -> Target:
    return {"code": "PA-0000-0000"}, {}


def api_unknown_path(unit: Unit) -> Target:
    return {"rest": "khong-co"}, {}


def _membership_of(unit: Unit) -> Membership:
    from mangxanh.org.models import Membership

    username = PERSON_OF_UNIT[unit.code]
    return Membership.objects.select_related("user").get(unit=unit, user__username=username)


# --- plans: objects of one unit, created on demand ------------------------------------------------
PLAN_LEADERS = frozenset({Role.LEADER, Role.SYSTEM_ADMIN})
PLAN_WORKERS = frozenset({Role.LEADER, Role.UNIT_ADMIN, Role.EDITOR, Role.REVIEWER, Role.SYSTEM_ADMIN})


def _plan_of(unit: Unit):
    from mangxanh.plans.models import Document

    return Document.objects.filter(unit=unit, title="Kế hoạch thử").first() or Document.objects.create(
        unit=unit, title="Kế hoạch thử", symbol="KH-THU")


def plan_kwargs(unit: Unit) -> Target:
    return {"pk": _plan_of(unit).pk}, {}


def plan_export_kwargs(unit: Unit) -> Target:
    return {"pk": _plan_of(unit).pk, "fmt": "docx"}, {}


def plan_distribution_kwargs(unit: Unit) -> Target:
    from mangxanh.plans.models import Distribution

    distribution, _ = Distribution.objects.get_or_create(document=_plan_of(unit), unit=unit)
    return {"pk": distribution.pk}, {"staff": "1", "students": "1"}


def _plan_report_of(unit: Unit):
    import datetime as dt

    from mangxanh.plans.models import Report, ReportPeriod

    period = ReportPeriod.objects.filter(document=_plan_of(unit)).first() or ReportPeriod.objects.create(
        document=_plan_of(unit), name="Kỳ thử", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 11, 30),
        deadline=dt.date(2026, 11, 30))
    return Report.objects.get_or_create(period=period, unit=unit)[0]


def plan_report_kwargs(unit: Unit) -> Target:
    return {"pk": _plan_report_of(unit).pk}, {}


def plan_report_action(unit: Unit) -> Target:
    return {"pk": _plan_report_of(unit).pk, "action": "approve"}, {}


def plan_report_export(unit: Unit) -> Target:
    return {"pk": _plan_report_of(unit).pk, "fmt": "xlsx"}, {}


def plan_period_for_everyone(unit: Unit) -> Target:
    """A period of a Sở plan sent to every unit, so each person's own unit has a report in it."""
    from mangxanh.plans.models import Distribution

    root = Unit.objects.get(depth=1)
    document = _plan_of(root)
    for other in Unit.objects.exclude(pk=root.pk):
        Distribution.objects.get_or_create(document=document, unit=other)
    _plan_report_of(root)
    return {"pk": document.periods.get().pk}, {}


def plan_activity_kwargs(unit: Unit) -> Target:
    import datetime as dt

    from mangxanh.plans.models import Activity

    activity = Activity.objects.filter(unit=unit).first() or Activity.objects.create(
        unit=unit, kind="article", title="Hoạt động thử", held_on=dt.date(2026, 1, 5))
    return {"pk": activity.pk}, {}


def plan_evidence_kwargs(unit: Unit) -> Target:
    from mangxanh.files.storage import store_bytes
    from mangxanh.plans.models import Activity, ActivityEvidence

    plan_activity_kwargs(unit)
    activity = Activity.objects.filter(unit=unit).first()
    stored = store_bytes(b"minh chung thu", name="a.txt", allowed={"text/plain"}, max_bytes=100).file
    evidence, _ = ActivityEvidence.objects.get_or_create(activity=activity, file=stored, defaults={"name": "a.txt"})
    return {"pk": evidence.pk}, {}


def plan_incident_kwargs(unit: Unit) -> Target:
    import datetime as dt

    from mangxanh.plans.models import IncidentReport

    incident = IncidentReport.objects.filter(unit=unit).first() or IncidentReport.objects.create(
        unit=unit, title="Sự việc thử", occurred_on=dt.date(2026, 1, 5), description="Thử")
    return {"pk": incident.pk}, {}


def plan_template(unit: Unit) -> Target:
    return {"code": "nam-dinh-2024"}, {}


@dataclass(frozen=True)
class Rule:
    kind: str
    method: str = "GET"
    roles: frozenset | None = None  # None: any role
    target: Callable[[Unit], Target] | None = None
    # Extra ways a logged-in, allowed GET may answer besides 200 (e.g. a redirect to set-up).
    allowed_status: frozenset = field(default_factory=lambda: frozenset({200}))
    # Units on which the action makes no sense for anyone (e.g. moving the root unit).
    never_on: frozenset = frozenset()
    # False where rank alone opens nothing: system administrators need one of `roles` themselves.
    system_admin: bool = True


# Keys are "namespace:name". Django admin URLs are matched by the "admin:" prefix.
MATRIX: dict[str, Rule] = {
    # core
    "core:home": Rule(PUBLIC),
    "core:switch_unit": Rule(MEMBER, method="POST", target=switch_data),
    "core:search": Rule(LOGIN),
    "core:health": Rule(PUBLIC),
    "core:favicon": Rule(PUBLIC, allowed_status=frozenset({301})),
    # accounts
    "accounts:login": Rule(PUBLIC),
    "accounts:logout": Rule(PUBLIC, allowed_status=frozenset({200, 302, 405})),
    "accounts:two_factor": Rule(LOGIN, allowed_status=frozenset({200, 302})),
    "accounts:profile": Rule(LOGIN),
    "accounts:security": Rule(LOGIN),
    "accounts:two_factor_setup": Rule(LOGIN, allowed_status=frozenset({200, 302})),
    "accounts:two_factor_disable": Rule(LOGIN, method="POST"),
    "accounts:backup_codes": Rule(LOGIN, allowed_status=frozenset({200, 302})),
    "accounts:backup_codes_regenerate": Rule(LOGIN, method="POST"),
    "accounts:password_change": Rule(LOGIN),
    "accounts:password_reset": Rule(PUBLIC),
    "accounts:password_reset_done": Rule(PUBLIC),
    "accounts:password_reset_confirm": Rule(PUBLIC),
    "accounts:password_reset_complete": Rule(PUBLIC),
    # org: units
    "org:unit_list": Rule(LOGIN),
    "org:unit_detail": Rule(SCOPED, target=unit_kwargs),
    "org:unit_create": Rule(SCOPED, roles=MANAGERS, target=unit_kwargs),
    "org:unit_edit": Rule(SCOPED, roles=MANAGERS, target=unit_kwargs),
    "org:unit_move": Rule(SCOPED, roles=MANAGERS, target=unit_kwargs, never_on=frozenset({"SGD-SL"})),
    "org:unit_toggle_active": Rule(SCOPED, method="POST", roles=MANAGERS, target=unit_kwargs),
    "org:unit_type_list": Rule(ROLE, roles=SYSTEM),
    "org:unit_type_create": Rule(ROLE, roles=SYSTEM),
    "org:unit_type_edit": Rule(ROLE, roles=SYSTEM, target=any_unit_type),
    "org:unit_type_delete": Rule(ROLE, method="POST", roles=SYSTEM, target=unused_unit_type),
    # org: people
    "org:permission_table": Rule(ROLE, roles=MANAGERS),
    "org:person_list": Rule(ROLE, roles=MANAGERS),
    "org:person_create": Rule(ROLE, roles=MANAGERS),
    "org:import_people": Rule(ROLE, roles=MANAGERS),
    "org:import_template": Rule(ROLE, roles=MANAGERS),
    "org:person_detail": Rule(SCOPED, roles=MANAGERS, target=person_kwargs),
    "org:person_edit": Rule(SCOPED, roles=MANAGERS, target=person_kwargs),
    "org:person_toggle_active": Rule(SCOPED, method="POST", roles=MANAGERS, target=person_kwargs),
    "org:person_invite": Rule(SCOPED, method="POST", roles=MANAGERS, target=person_kwargs),
    "org:role_grant": Rule(SCOPED, method="POST", roles=MANAGERS, target=role_grant_data),
    "org:role_remove": Rule(SCOPED, method="POST", roles=MANAGERS, target=membership_kwargs),
    "org:role_requests": Rule(LOGIN),
    # A second person over that unit: an administrator or a leader (never the asker or the receiver).
    "org:role_request_decide": Rule(SCOPED, method="POST", roles=MANAGERS | {Role.LEADER},
                                    target=role_request_kwargs),
    # scanning: quick checks belong to their author only
    "scanning:quick_check": Rule(LOGIN),
    "scanning:quick_check_detail": Rule(OWN, target=quick_check_kwargs),
    "scanning:quick_check_result": Rule(OWN, target=quick_check_kwargs),
    # intake: public form and status (no log-in), partner API (API keys, JSON), case screens
    "intake:report_form": Rule(PUBLIC),
    "intake:report_done": Rule(PUBLIC, allowed_status=frozenset({200, 302})),
    "intake:report_receipt": Rule(PUBLIC, allowed_status=frozenset({200, 302})),
    "intake:report_status": Rule(PUBLIC),
    "intake:unit_search": Rule(PUBLIC),
    "intake:api_not_found": Rule(PUBLIC, target=api_unknown_path, allowed_status=frozenset({404})),
    "intake:intake_api:api-root": Rule(PUBLIC, allowed_status=frozenset({404})),
    "intake:intake_api:openapi-json": Rule(PUBLIC),
    "intake:intake_api:submit": Rule(PUBLIC, allowed_status=frozenset({401, 405})),
    "intake:intake_api:submit_batch": Rule(PUBLIC, allowed_status=frozenset({401, 405})),
    "intake:intake_api:upload_file": Rule(PUBLIC, allowed_status=frozenset({401, 405})),
    "intake:intake_api:report_status": Rule(PUBLIC, target=api_report_code, allowed_status=frozenset({401})),
    "intake:intake_api:report_list": Rule(PUBLIC, allowed_status=frozenset({401})),
    "intake:api_docs": Rule(PUBLIC),
    "intake:webhook_log": Rule(ROLE, roles=MANAGERS),
    "intake:case_board": Rule(ROLE, roles=INTAKE_VIEW),
    "intake:case_list": Rule(ROLE, roles=INTAKE_VIEW),
    "intake:stats": Rule(ROLE, roles=INTAKE_VIEW),
    "intake:case_detail": Rule(SCOPED, roles=INTAKE_VIEW, target=case_kwargs),
    "intake:case_state": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_post(state="verifying")),
    "intake:case_reopen": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_post(reason="Có tin mới")),
    "intake:case_assign": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_post(assignee="")),
    "intake:case_note": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_post(text="Ghi chú")),
    "intake:case_message": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_post(text="Tin nhắn")),
    "intake:case_task": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_post(title="Việc")),
    "intake:case_link": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_post(other="VV-000001")),
    "intake:evidence_upload": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_kwargs),
    "intake:evidence_view": Rule(SCOPED, roles=INTAKE_ORIGINALS, target=evidence_kwargs, system_admin=False),
    "intake:evidence_thumb": Rule(SCOPED, roles=INTAKE_VIEW, target=evidence_image_kwargs),
    "intake:package_create": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_kwargs),
    "intake:package_download": Rule(SCOPED, roles=INTAKE_ORIGINALS, target=package_kwargs, system_admin=False),
    "intake:referral_create": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=case_post(agency="1")),
    "intake:takedown_create": Rule(SCOPED, method="POST", roles=INTAKE_ACT,
                                   target=case_post(agency="1", url="https://vi.du/x")),
    "intake:takedown_update": Rule(SCOPED, method="POST", roles=INTAKE_ACT, target=takedown_kwargs),
    "intake:victim_support": Rule(SCOPED, roles=CHILD_ONLY, target=case_kwargs),
    # audit
    "audit:list": Rule(ROLE, roles=MANAGERS),
    "audit:export": Rule(ROLE, roles=MANAGERS),
    # plans: documents, distribution, activities, indicators, reports
    "plans:document_list": Rule(LOGIN),
    "plans:template_list": Rule(ROLE, roles=PLAN_LEADERS),
    "plans:template_create": Rule(ROLE, method="POST", roles=PLAN_LEADERS, target=plan_template),
    "plans:document_detail": Rule(SCOPED, target=plan_kwargs),
    "plans:document_edit": Rule(SCOPED, roles=PLAN_LEADERS, target=plan_kwargs),
    "plans:document_send": Rule(SCOPED, roles=PLAN_LEADERS, target=plan_kwargs),
    "plans:document_remind": Rule(SCOPED, method="POST", roles=PLAN_LEADERS, target=plan_kwargs),
    "plans:document_export": Rule(SCOPED, target=plan_export_kwargs),
    "plans:period_create": Rule(SCOPED, roles=PLAN_LEADERS, target=plan_kwargs),
    "plans:distribution_detail": Rule(SCOPED, target=plan_distribution_kwargs),
    "plans:distribution_implement": Rule(SCOPED, method="POST", roles=PLAN_LEADERS, target=plan_distribution_kwargs),
    "plans:activity_list": Rule(LOGIN),
    "plans:activity_create": Rule(ROLE, roles=PLAN_WORKERS),
    "plans:activity_detail": Rule(SCOPED, target=plan_activity_kwargs),
    "plans:evidence_download": Rule(SCOPED, target=plan_evidence_kwargs),
    "plans:indicator_list": Rule(LOGIN),
    "plans:indicator_create": Rule(ROLE, roles=PLAN_LEADERS),
    "plans:dashboard": Rule(LOGIN),
    "plans:report_list": Rule(LOGIN),
    "plans:report_open": Rule(ROLE, roles=PLAN_WORKERS, target=plan_period_for_everyone,
                              allowed_status=frozenset({302})),
    "plans:report_detail": Rule(SCOPED, target=plan_report_kwargs),
    "plans:report_action": Rule(SCOPED, method="POST", roles=PLAN_LEADERS, target=plan_report_action),
    "plans:report_export": Rule(SCOPED, target=plan_report_export),
    "plans:incident_list": Rule(LOGIN),
    "plans:incident_create": Rule(ROLE, roles=PLAN_WORKERS),
    "plans:incident_detail": Rule(SCOPED, target=plan_incident_kwargs),
    # Django admin
    "admin:login": Rule(PUBLIC),
    "admin:logout": Rule(PUBLIC, allowed_status=frozenset({200, 302, 405})),
    # treebeard's admin translation catalogue: static strings only.
    "admin:javascript-catalog": Rule(PUBLIC),
}
ADMIN_PREFIX = "admin:"

# Units whose objects every role is tried on: own school, a sibling school, another
# commune's school, the parent commune, the neighbouring commune, the Sở, a THPT.
TARGET_UNITS = ["THCS-BENTHUY", "THCS-HONGSON", "XA-BENTHUY", "XA-HONGSON", "SGD-SL", "THPT-NGUYENDU"]


def rule_for(name: str) -> Rule | None:
    if name in MATRIX:
        return MATRIX[name]
    if name.startswith(ADMIN_PREFIX):
        return Rule(ADMIN_AREA)
    return None


# mangxanh.review keeps its entries in tests/authz/review_rules.py.
from tests.authz.review_rules import review_rules  # noqa: E402

MATRIX.update(review_rules())

# mangxanh.watch keeps its entries in tests/authz/watch_rules.py.
from tests.authz.watch_rules import watch_rules  # noqa: E402

MATRIX.update(watch_rules())

# mangxanh.learning keeps its entries in tests/authz/learning_rules.py.
from tests.authz.learning_rules import learning_rules  # noqa: E402

MATRIX.update(learning_rules())
