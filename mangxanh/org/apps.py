from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "mangxanh.org"
    label = "org"
    verbose_name = "Đơn vị và phân quyền"

    def ready(self) -> None:
        from mangxanh.core import home, navigation
        from mangxanh.org import panels

        home.register(panels.admin_panel)
        home.register(panels.overview_panel)
        home.register(panels.role_requests_panel)
        for entry in panels.NAV_ENTRIES:
            navigation.register(entry)
