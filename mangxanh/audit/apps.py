from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mangxanh.audit"
    label = "audit"
    verbose_name = "Nhật ký kiểm toán"

    def ready(self) -> None:
        from mangxanh.audit import logins, panels
        from mangxanh.audit.registry import register_core_models

        register_core_models()
        logins.connect()
        panels.connect()
