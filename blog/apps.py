from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Condition articles"

    def ready(self):
        from . import search  # noqa: F401 - connects its signal receivers (needs the models)
