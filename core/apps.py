from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    """The base layer: page mixins and hooks, Markdown, visibility, the page cache, CSP, error
    pages, API base classes, the layout templates. It imports no app of the project."""

    name = "core"
    verbose_name = "Site base layer"

    def ready(self):
        from . import page_cache, search_index  # signal receivers need the app registry

        search_index.connect_signals()
        page_cache.connect_signals()
        checks.register(page_cache.check_shared_cache, checks.Tags.caches)
