from django.apps import AppConfig


class ScanningConfig(AppConfig):
    """The scan pipeline shared by every item, quick checks, and the engine's commands."""

    name = "mangxanh.scanning"
    label = "scanning"
    verbose_name = "Quét nội dung"

    def ready(self) -> None:
        from mangxanh import audit
        from mangxanh.core import navigation
        from mangxanh.scanning.models import QuickCheck, UnitPolicy

        audit.register(UnitPolicy, unit_field="unit")
        # The pasted text may hold personal data: the log says who checked, not what.
        audit.register(QuickCheck, unit_field="unit", snapshot=False, sensitive=["text"])
        navigation.register(
            navigation.NavEntry(
                "Kiểm tra nhanh", "scanning:quick_check", lambda request: getattr(request, "unit", None) is not None, 20
            )
        )
