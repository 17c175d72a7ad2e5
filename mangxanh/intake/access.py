"""Who may see and act on cases: the capabilities of mangxanh.org.permissions, asked for cases."""

from __future__ import annotations

from mangxanh.org import permissions


def cases_for(user):
    from mangxanh.intake.models import Case

    return permissions.scoped(Case.objects.select_related("unit", "assignee"), user, "case.view")


def case_or_404(user, pk: int, *, act: bool = False):
    from mangxanh.intake.models import Case

    return permissions.get_in_scope_or_404(
        Case.objects.select_related("unit", "assignee"), user, "case.act" if act else "case.view", pk=pk
    )


def may_view_cases(user) -> bool:
    return permissions.can_anywhere(user, "case.view")


def may_act(user, case) -> bool:
    return permissions.can(user, "case.act", case.unit)


def may_see_victim(user, case) -> bool:
    return permissions.can(user, "case.view_victim", case.unit)


def may_open_originals(user, case) -> bool:
    """Originals of evidence: case and child-protection officers of the case's unit or above only."""
    return permissions.can(user, "evidence.open_original", case.unit)


ORIGINALS_REFUSED = ("Chỉ cán bộ xử lý tin báo và cán bộ bảo vệ trẻ em của đơn vị phụ trách hoặc cấp trên được mở "
                     "bản gốc chứng cứ. Bạn xem được số lượng và ảnh thu nhỏ đã làm mờ.")
