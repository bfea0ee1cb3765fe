from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Usuarios"

    def ready(self):
        from users import signals  # noqa: F401 - connects the sign-in receivers
