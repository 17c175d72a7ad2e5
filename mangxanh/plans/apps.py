from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "mangxanh.plans"
    label = "plans"
    verbose_name = "Kế hoạch, hoạt động và báo cáo"

    def ready(self) -> None:
        from mangxanh import audit
        from mangxanh.core import home, navigation
        from mangxanh.plans import models, panels

        audit.register(models.Document, unit_field="unit", exclude=["updated_at"])
        audit.register(models.Distribution, unit_field="unit")
        audit.register(models.Activity, unit_field="unit")
        audit.register(models.Indicator, unit_field="unit")
        audit.register(models.ReportPeriod, unit_field=lambda p: p.document.unit)
        audit.register(models.Report, unit_field="unit", exclude=["updated_at"])
        audit.register(models.IncidentReport, unit_field="unit")
        audit.register_action("plans_send", "Gửi văn bản")
        audit.register_action("plans_approve", "Duyệt báo cáo")
        audit.register_action("plans_submit", "Gửi báo cáo lên cấp trên")
        audit.register_action("plans_reopen", "Mở lại báo cáo đã gửi")
        home.register(panels.plans_panel)
        from django.apps import apps
        from django.db.models.signals import post_save

        from mangxanh.plans import signals

        if apps.is_installed("mangxanh.review"):
            post_save.connect(signals.draft_published, sender="review.Draft",
                              dispatch_uid="plans_draft_published")
        for entry in panels.NAV_ENTRIES:
            navigation.register(entry)
