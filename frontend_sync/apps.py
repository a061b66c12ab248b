from django.apps import AppConfig


class FrontendSyncConfig(AppConfig):
    name = "frontend_sync"
    verbose_name = "Frontend sync (webhooks, tombstones)"

    def ready(self):
        from . import checks, receivers  # noqa: F401 - registers the checks, connects receivers
