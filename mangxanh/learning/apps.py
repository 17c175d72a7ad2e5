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
        home.register(panels.learning_panel)
        for entry in panels.NAV_ENTRIES:
            navigation.register(entry)
        panels.register_formula_functions()
