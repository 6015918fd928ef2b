from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "advice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import selectors  # noqa: F401 (its receivers start a new cache generation on every edit)
