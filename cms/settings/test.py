from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = BASE_DIR / "media-test"
# Off by default so tests that change content without publishing see their changes;
# tests of the page cache switch it on (tests/cms/test_page_cache.py).
PAGE_CACHE_ENABLED = False
SITE_CACHE_ENABLED = False  # likewise; tests/cms/test_site_objects.py and the query budgets use it
# django-axes needs `request` in authenticate(), which `client.login()` does not pass; the
# throttling tests turn it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
# Without Redis: one process, and a cache that starts empty in every test run (the shared
# directory would keep pages of the previous run's database): local memory, allowed explicitly
# (check core.E001). Tests with real server processes give those their own CACHE_DIR.
if not CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    PAGE_CACHE_ALIAS = "default"
    PAGE_CACHE_TAGS_ALIAS = None  # with the token
PAGE_CACHE_ALLOW_PER_PROCESS = True
