from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "CMS project"

    def ready(self):
        from . import search  # noqa: F401 - connects the search index signal receivers
