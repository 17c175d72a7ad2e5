from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mangxanh.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from mangxanh.core import checks, navigation, panels  # noqa: F401  (registers checks and home panels)
        from mangxanh.org import rules

        navigation.register(
            navigation.NavEntry("Tình trạng hệ thống", "core:health", lambda r: rules.is_system_admin(r.user), 900)
        )
