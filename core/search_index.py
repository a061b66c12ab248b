"""Keep the search index right about pages' related fields, and let bulk writers defer it.

Wagtail indexes a page in its post_save signal, which runs before a ClusterableModel
commits its ParentalManyToMany relations, so an article's topics would be missing from the
index entry. Re-indexing once the page is published (relations committed) fixes that; the
blog re-indexes a topic's articles when the topic's names change (blog/search.py).

A bulk writer (the seed) defers page indexing with `page_indexing_deferred()` and indexes the
pages it wrote once, in batches, with `index_objects()`.
"""

import logging
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelcluster.fields import ParentalManyToManyDescriptor
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signals import page_published

logger = logging.getLogger(__name__)


def reindex_published_page(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def connect_signals():
    page_published.connect(reindex_published_page)


@contextmanager
def page_indexing_deferred():
    """Pages saved or published inside are not indexed one by one (Wagtail indexes a page on
    every save, and this module again on publish): the caller indexes them once, in bulk,
    with `index_objects`. Used by the seed; other models are still indexed as they are saved.
    The signal handlers are process-wide, so this is for commands, not for request handlers."""
    models = [
        model
        for model in index.get_indexed_models()
        if issubclass(model, Page) and getattr(model, "search_auto_update", True)
    ]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    page_published.disconnect(reindex_published_page)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
        page_published.connect(reindex_published_page)


def index_objects(model, pks, chunk=500):
    """Add or update the search index entries of `model`'s objects `pks`, `chunk` at a time,
    as `insert_or_update_object` does for one (same backends, same error handling)."""
    queryset = model.get_indexed_objects()
    # modelsearch prefetches related fields except ParentalManyToManyFields (an article's
    # topics): prefetched here, they cost a query per chunk instead of three per object.
    parental = [
        field.field_name
        for field in model.get_search_fields()
        if isinstance(field, index.RelatedFields)
        and isinstance(getattr(model, field.field_name, None), ParentalManyToManyDescriptor)
    ]
    queryset = queryset.prefetch_related(*parental)
    for start in range(0, len(pks), chunk):
        objects = list(queryset.filter(pk__in=pks[start : start + chunk]))
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, objects)
            except Exception:
                logger.exception("Exception raised while indexing %s in '%s'", model, name)
                if not backend.catch_indexing_errors:
                    raise
