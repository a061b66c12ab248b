import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings):
    """The full-page cache switched on (it is off in test settings), starting empty."""
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()
