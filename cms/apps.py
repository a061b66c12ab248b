from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "CMS project"

    def ready(self):
        from . import api_cache

        api_cache.connect()
