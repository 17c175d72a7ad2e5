"""Who may see and act on cases; decisions go through mangxanh.org.rules only."""

from __future__ import annotations

from mangxanh.org import rules
from mangxanh.org.models import Role

VIEW_ROLES = frozenset({Role.CASE_OFFICER, Role.CHILD_PROTECTION, Role.LEADER, Role.SYSTEM_ADMIN})
ACT_ROLES = frozenset({Role.CASE_OFFICER, Role.CHILD_PROTECTION, Role.SYSTEM_ADMIN})


def cases_for(user):
    from mangxanh.intake.models import Case

    return rules.scoped(Case.objects.select_related("unit", "assignee"), user, VIEW_ROLES)


def case_or_404(user, pk: int, *, act: bool = False):
    from mangxanh.intake.models import Case

    return rules.get_in_scope_or_404(
        Case.objects.select_related("unit", "assignee"), user, ACT_ROLES if act else VIEW_ROLES, pk=pk
    )


def may_view_cases(user) -> bool:
    return bool(rules.root_units(user, VIEW_ROLES)) or rules.is_system_admin(user)


def may_act(user, case) -> bool:
    return rules.can_act_on(user, case.unit, ACT_ROLES)


def may_see_victim(user, case) -> bool:
    return rules.can_see_child_identity(user, case.unit)


def may_open_originals(user, case) -> bool:
    """Originals of evidence: case and child-protection officers of the case's unit or above only."""
    return rules.can_open_evidence_originals(user, case.unit)


ORIGINALS_REFUSED = ("Chỉ cán bộ xử lý tin báo và cán bộ bảo vệ trẻ em của đơn vị phụ trách hoặc cấp trên được mở "
                     "bản gốc chứng cứ. Bạn xem được số lượng và ảnh thu nhỏ đã làm mờ.")
