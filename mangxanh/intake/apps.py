from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "mangxanh.intake"
    label = "intake"
    verbose_name = "Tiếp nhận phản ánh và xử lý vụ việc"

    def ready(self) -> None:
        from mangxanh import audit
        from mangxanh.core import home, navigation
        from mangxanh.intake import models as m
        from mangxanh.intake import panels, signals  # noqa: F401 (connects receivers)

        # A case's title quotes the first report's description, which may name a child.
        audit.register(m.Case, exclude=["updated_at", "search_key"], unit_field="unit", m2m=["linked"],
                       sensitive=["title"], label=lambda case: case.number)
        # Reports carry the reporter's contact: record what happened, not the values. A report's creation is
        # logged by the task that opens its case (mangxanh.intake.opening), not in the acknowledging request.
        audit.register(m.Report, unit_field=lambda r: r.case.unit if r.case_id else r.unit, snapshot=False,
                       actions=("update", "delete"),
                       sensitive=["description", "reported_account", "account_key", "contact_name", "contact", "search_key"])
        # Evidence file names are the reporter's and often name the people in them.
        audit.register(m.Evidence, unit_field=lambda e: e.case.unit, sensitive=["name"])
        audit.register(m.EvidencePackage, unit_field=lambda p: p.case.unit)
        audit.register(m.Referral, unit_field=lambda r: r.case.unit)
        audit.register(m.TakedownRequest, unit_field=lambda t: t.case.unit)
        # The victim's identity: readable by child-protection officers only, never by the log's readers.
        audit.register(m.VictimSupport, unit_field=lambda v: v.case.unit, snapshot=False, sensitive=True)
        audit.register(m.SupportAction, unit_field=lambda a: a.support.case.unit, snapshot=False, sensitive=True)
        audit.register(m.ApiKey, exclude=["last_used_at"], unit_field="unit")
        audit.register(m.LegalClock, unit_field=None)
        audit.register(m.Agency, unit_field=None)
        audit.register_action("case_state", "Đổi trạng thái vụ việc")
        audit.register_action("takedown_state", "Cập nhật yêu cầu gỡ bỏ")
        audit.register_action("evidence_package", "Tạo gói chứng cứ")
        audit.register_action("report_purge", "Xóa dữ liệu phản ánh hết hạn lưu trữ")
        audit.register_action("person_export", "Xuất dữ liệu về một người")
        home.register(panels.cases_panel)
        for entry in panels.NAV_ENTRIES:
            navigation.register(entry)
