from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "CMS project"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
