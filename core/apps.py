from django.apps import AppConfig
from django.core import checks
from django.core.signals import request_started


class CoreConfig(AppConfig):
    """The base layer: page mixins and hooks, Markdown, visibility, the page cache, CSP, error
    pages, API base classes, the layout templates. It imports no app of the project."""

    name = "core"
    verbose_name = "Site base layer"

    def ready(self):
        # receivers need the app registry
        from . import errors, page_cache, page_changes, search_index

        search_index.connect_signals()
        page_changes.connect_signals()
        checks.register(page_cache.check_shared_cache, checks.Tags.caches)
        request_started.connect(errors.close_sqlite_if_file_gone, dispatch_uid="core.sqlite_gone")
