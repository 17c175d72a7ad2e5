from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "mangxanh.learning"
    label = "learning"
    verbose_name = "Học tập, cam kết và tập huấn"

    def ready(self) -> None:
        from mangxanh import audit
        from mangxanh.core import home, navigation
        from mangxanh.learning import models, panels

        audit.register(models.Lesson, unit_field="unit", exclude=["updated_at"])
        audit.register(models.Quiz, unit_field="unit")
        audit.register(models.Pledge, unit_field="unit")
        audit.register(models.TrainingSession, unit_field="unit")
        audit.register_action("learning_publish", "Xuất bản bài học")
        audit.register_action("learning_bulletin", "Đăng bản tin cảnh báo lừa đảo")
        home.register(panels.learning_panel)
        for entry in panels.NAV_ENTRIES:
            navigation.register(entry)
        panels.register_formula_functions()
        from mangxanh.learning import essays
        from mangxanh.plans.sections import register_report_section

        register_report_section(panels.report_section)
        from mangxanh.scanning.service import scan_completed

        scan_completed.connect(essays.on_scan_completed, sender=models.Submission,
                               dispatch_uid="learning-submission-scanned")
