from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "CMS project"

    def ready(self):
        from . import api_cache, search  # noqa: F401 - search connects index signal receivers
        from .cache import connect_signals

        api_cache.connect()
        connect_signals()
