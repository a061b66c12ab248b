"""The page cache between processes (issue 15): the generation token lives in a cache every
process shares, and a per-process one is refused by a system check.

The end-to-end proof with real gunicorn workers and a separate editor process is
tests/cluster/test_coherence.py; these pin the rules it relies on."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from core.page_cache import (
    GENERATION_KEY,
    check_shared_cache,
    current_generation,
    invalidate_all,
)

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
FILES = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}


def errors(**settings):
    with override_settings(**settings):
        return [message.id for message in check_shared_cache()]


def test_per_process_cache_with_the_page_cache_on_is_an_error():
    assert errors(
        CACHES={"default": LOCMEM},
        PAGE_CACHE_ENABLED=True,
        PAGE_CACHE_ALLOW_PER_PROCESS=False,
        PAGE_CACHE_ALIAS="default",
        PAGE_CACHE_GENERATION_ALIAS="default",
    ) == ["core.E001"]


def test_a_per_process_token_store_is_an_error_even_with_a_shared_default(tmp_path):
    assert errors(
        CACHES={"default": {**FILES, "LOCATION": str(tmp_path)}, "pages": LOCMEM},
        PAGE_CACHE_ENABLED=True,
        PAGE_CACHE_ALLOW_PER_PROCESS=False,
        PAGE_CACHE_ALIAS="pages",
        PAGE_CACHE_GENERATION_ALIAS="pages",
    ) == ["core.E001"]


@pytest.mark.parametrize(
    "allowed, enabled",
    [(True, True), (False, False)],
    ids=["explicitly-allowed", "page-cache-off"],
)
def test_per_process_cache_passes_when_allowed_or_unused(allowed, enabled):
    assert (
        errors(
            CACHES={"default": LOCMEM},
            PAGE_CACHE_ENABLED=enabled,
            PAGE_CACHE_ALLOW_PER_PROCESS=allowed,
            PAGE_CACHE_ALIAS="default",
            PAGE_CACHE_GENERATION_ALIAS="default",
        )
        == []
    )


def test_the_embedded_default_passes(tmp_path):
    """base.py without REDIS_URL: token in the shared directory, pages in process memory."""
    assert (
        errors(
            CACHES={"default": {**FILES, "LOCATION": str(tmp_path)}, "pages": LOCMEM},
            PAGE_CACHE_ENABLED=True,
            PAGE_CACHE_ALLOW_PER_PROCESS=False,
            PAGE_CACHE_ALIAS="pages",
            PAGE_CACHE_GENERATION_ALIAS="default",
        )
        == []
    )


@pytest.mark.django_db
def test_the_token_is_kept_in_the_shared_store_not_with_the_pages(tmp_path, rf):
    """A change bumps the token in the generation store; a request reads it once."""
    with override_settings(
        CACHES={"default": {**FILES, "LOCATION": str(tmp_path)}, "pages": LOCMEM},
        PAGE_CACHE_ALIAS="pages",
        PAGE_CACHE_GENERATION_ALIAS="default",
    ):
        request = rf.get("/")
        before = current_generation(request)
        assert caches["default"].get(GENERATION_KEY) == before
        assert caches["pages"].get(GENERATION_KEY) is None
        invalidate_all()
        assert caches["default"].get(GENERATION_KEY) not in (None, before)
        assert current_generation(request) == before  # the request keeps its own token
        assert current_generation(rf.get("/")) != before


@pytest.mark.django_db
def test_documents_and_collection_restrictions_invalidate():
    """The API's documents listing is cached, so a document change must make it stale."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction

    before = current_generation()
    document = Document.objects.create(title="Leaflet", file=ContentFile(b"x", name="leaflet.txt"))
    after_save = current_generation()
    assert after_save != before
    CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(),
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="x" * 12,
    )
    assert current_generation() != after_save
    document.delete()
