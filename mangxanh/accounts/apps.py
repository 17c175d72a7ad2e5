from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mangxanh.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from mangxanh.accounts import throttle
        from mangxanh.core import navigation

        throttle.connect()

        navigation.register(
            navigation.NavEntry(
                label="Tài khoản của tôi",
                url_name="accounts:profile",
                visible=lambda request: request.user.is_authenticated,
                order=900,
            )
        )
