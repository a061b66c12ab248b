"""Settings shared by every environment. Everything deployment-specific comes from the
environment (see README "Configuration"); dev.py, test.py and production.py only adjust."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from core.paths import ADMIN_PREFIXES

from .env import env, env_bool, env_int, env_list, env_mapping, url_origin

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Project apps first (their templates override the base layer's), the base layer after them.
INSTALLED_APPS = [
    "seeding",
    "frontend_sync",
    "blog",
    "home",
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    # wagtail.contrib.frontend_cache is used without being installed: its signal handlers
    # would purge one URL before the commit; core.cdn purges the exact set after it.
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtailmarkdown",
    "wagtail_headless_preview",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every 429 says when to come back (django-axes' lockout page does not).
    "core.throttle.RetryAfterMiddleware",
    # Every error under /api/ as JSON {"message": ...}, whichever layer made it.
    "core.api.errors.APIErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.page_cache.PageCacheMiddleware",
    # Inside the page cache, so it stores compressed responses (one per Accept-Encoding, as
    # the response Varies on it) and a hit is not compressed again. Django's GZip pads its
    # output against BREACH; pages with a CSRF token are never cached (core/page_cache.py).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.csp.AdminAwareCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Inside the security middleware, so a database error here still gets its headers.
    "core.site_objects.SiteObjectsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests (gunicorn workers) share one file: wait for locks instead of failing
    # with "database is locked", let readers run beside a writer (WAL), and take the write
    # lock at the start of a transaction so it cannot deadlock half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Serving (cms/wsgi.py sets SQLITE_MUST_EXIST) never creates the database: SQLite would
    # make an empty file at a missing path and every page would fail on "no such table".
    # Opened read-write only (`mode=rw`), a missing file is an outage: 503 (core/errors.py)
    # until the file is back, then served at once. migrate and the other commands create it.
    _sqlite_path = str(DATABASES["default"]["NAME"])
    if env_bool("SQLITE_MUST_EXIST", False) and not _sqlite_path.startswith(("file:", ":memory:")):
        DATABASES["default"]["NAME"] = f"file:{quote(_sqlite_path)}?mode=rw"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL (or CACHE_URL) is set. Otherwise the embedded default must still
# be coherent between processes (gunicorn workers, manage.py commands, a shell): the default
# cache (page-cache generation token, contact rate limits, Wagtail's site root paths) is a
# directory every process on the machine shares, while cached pages themselves stay in each
# process's memory ("pages"), keyed by that shared token (core/page_cache.py): a hit reads
# one small file instead of three (docs/performance.md "Cache between processes").
CACHE_URL = env("CACHE_URL") or env("REDIS_URL")
CACHE_TIMEOUT = env_int("CACHE_TIMEOUT", 300)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "cms"),
            "TIMEOUT": CACHE_TIMEOUT,
        }
    }
    PAGE_CACHE_ALIAS = "default"
else:
    CACHE_DIR = Path(env("CACHE_DIR", BASE_DIR / "var" / "cache"))
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR),
            "TIMEOUT": CACHE_TIMEOUT,
            # Culling lists the directory on every write: few entries live here.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # The page cache's tag versions: written only when a change bumps one, never culled
        # early (an early loss could revive a stale entry: core/page_cache.py).
        "pagetags": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / "tags"),
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 10_000_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "TIMEOUT": CACHE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 2000)},
        },
    }
    PAGE_CACHE_ALIAS = "pages"
    PAGE_CACHE_TAGS_ALIAS = "pagetags"
# Where the page cache's generation token (and, unless set above, its tag versions) live:
# shared by every process (check core.E001 refuses a LocMemCache unless
# PAGE_CACHE_ALLOW_PER_PROCESS).
PAGE_CACHE_GENERATION_ALIAS = "default"
PAGE_CACHE_ALLOW_PER_PROCESS = env_bool("PAGE_CACHE_ALLOW_PER_PROCESS", False)

# Full-page cache for anonymous GETs of pages and the API (core/page_cache.py,
# docs/performance.md). Besides pages, Wagtail's sites, images, redirects and view
# restrictions, a save or delete of these models makes cached pages stale:
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 300)
PAGE_CACHE_INVALIDATE_ON = ["blog.Topic", "blog.Person", "home.PracticeSettings"]
# A page change makes stale only what shows it (core/page_changes.py); these URLs list every
# page, so any page change makes them stale. The feed and llms.txt follow the articles'
# rules (blog); all of these are purged from the CDN when everything goes stale.
PAGE_CACHE_LISTS_EVERY_PAGE = ["sitemap", "search"]
PAGE_CACHE_API_LISTINGS = ["wagtailapi_v2:pages:listing"]  # precise by their items' tags
PAGE_CACHE_SITE_WIDE = ["article_feed", "llms_txt"]
# More pages than this changed in one transaction (a seed): everything goes stale at once.
PAGE_CACHE_MAX_PRECISE = env_int("PAGE_CACHE_MAX_PRECISE", 50)
# The Site, the site settings and the menu pages, cached under the same generation token
# (core/site_objects.py): saves four queries on every uncached page view.
SITE_CACHE_ENABLED = env_bool("SITE_CACHE", True)
# The per-site settings model the layout reads (practice name, logo, default pages).
SITE_SETTINGS_MODEL = "home.PracticeSettings"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins from one
# address, or for one user name, further attempts are refused with the lockout page (HTTP 429)
# for the cool-off time. `manage.py axes_reset_username NAME` unlocks early. Behind a proxy set
# TRUSTED_PROXY_COUNT so the client address is read from X-Forwarded-For (never trusted
# otherwise: clients could forge it).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False  # no "AXES: BEGIN" banner on every manage.py command
DEFAULT_RETRY_AFTER = int(AXES_COOLOFF_TIME.total_seconds())  # core.throttle: any other 429
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Security headers on every response, in every environment (production.py adds HTTPS/HSTS).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static and media files. Static files are served by whitenoise with hashed names.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = env("STATIC_URL", "/static/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = env("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# S3-compatible media (django-storages) when a bucket is configured.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME")
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console in development; SMTP configured by environment in production.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Health practice")
# The public site's root, e.g. https://www.example-practice.org: the seed gives the default
# Site this host name, port and scheme, so every absolute URL (the API's html_url and
# detail_url, JSON-LD, the sitemap, purges) names it, whatever host name a request used.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
url_origin("SITE_URL", SITE_URL)  # an absolute http(s) URL, or the start stops here
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL", SITE_URL)
# Frontends page through articles 100 at a time at most: a whole topic listing in one call,
# while a fields=* page of 100 stays a few hundred KB and a constant number of queries.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # editors' email hashes are not sent to a third party
WAGTAILSEARCH_HITS_MAX_AGE = 14
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # in the site layout

# Search: Wagtail's database backend unless an OpenSearch/Elasticsearch URL is given.
SEARCH_URL = env("OPENSEARCH_URL") or env("ELASTICSEARCH_URL")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env("SEARCH_BACKEND", "wagtail.search.backends.opensearch3"),
            "URLS": [SEARCH_URL],
            "INDEX": env("SEARCH_INDEX", "cms"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# CDN purge through wagtail.contrib.frontend_cache's backends when configured: core/cdn.py
# sends them exactly the URLs the page cache made stale (pages, listings, API), at commit.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }
if env("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONEID"),
    }
if env("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }
WAGTAILAPI_USE_FRONTENDCACHE = False  # core/cdn.py purges the API URLs too

# Markdown: wagtail-markdown rendering, sanitised by nh3 with a strict allow-list
# (no style/class/id attributes, no raw HTML event handlers; javascript:/data:/vbscript: URLs
# are never in nh3's scheme list). `page:ID`/`doc:ID`/`image:ID` links resolve only to live,
# public objects (core/markdown_links.py); the `<:Title>` linker is not enabled. The editor
# loads no fonts from a CDN.
WAGTAILMARKDOWN = {
    "autodownload_fontawesome": False,
    "extensions_settings_mode": "override",
    "extensions": [
        "extra",
        "tables",
        "core.markdown_links:PublishedLinkExtension",
        "core.markdown_links:PublishedImageExtension",
        "wagtailmarkdown.mdx.inlinepatterns:DelExtension",
        "core.markdown_sections:SectionIdExtension",
    ],
    "extension_configs": {},
    "allowed_settings_mode": "override",
    "allowed_styles": [],
    "allowed_tags": [
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "em",
        "strong",
        "ul",
        "ol",
        "li",
        "a",
        "img",
        "blockquote",
        "code",
        "pre",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sup",
        "sub",
        "del",
        "ins",
        "dl",
        "dt",
        "dd",
        "abbr",
    ],
    "allowed_attributes": {
        "a": ["href", "title"],
        # Section ids (core.markdown_sections): anchors and the "On this page" list.
        **{heading: ["id"] for heading in ("h2", "h3", "h4", "h5", "h6")},
        "img": ["src", "alt", "title", "width", "height"],
        "th": ["scope", "colspan", "rowspan"],
        "td": ["colspan", "rowspan"],
        "abbr": ["title"],
    },
}

# Content-Security-Policy (django-csp 4). The public site: our own scripts, styles and fonts
# only, no inline script (JSON-LD `application/ld+json` blocks are data, which CSP does not
# execute or block), images from us, `data:` and the media host, never framed.
# The admin needs inline script/style and frames its own previews: core.csp swaps in
# CSP_ADMIN_DIRECTIVES under CSP_ADMIN_URL_PREFIXES.
MEDIA_ORIGINS = [
    f"{parts.scheme}://{parts.netloc}"
    for parts in [urlsplit(str(MEDIA_URL))]
    if parts.scheme and parts.netloc
]
if AWS_STORAGE_BUCKET_NAME:
    # Where django-storages points media URLs: the custom domain, else the endpoint (path
    # style, as boto3 addresses an endpoint URL), else AWS's own bucket host names.
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS.append(f"https://{AWS_S3_CUSTOM_DOMAIN}")
    elif AWS_S3_ENDPOINT_URL:
        endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        MEDIA_ORIGINS.append(f"{endpoint.scheme}://{endpoint.netloc}")
    else:
        MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
        if AWS_S3_REGION_NAME:
            MEDIA_ORIGINS.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )
MEDIA_ORIGINS += env_list("CSP_EXTRA_IMG_SRC")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CSP_ADMIN_URL_PREFIXES = list(ADMIN_PREFIXES)
CSP_ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

# Headless preview (docs/api.md "Preview"): the frontend that renders drafts for every site
# (HEADLESS_PREVIEW_URL), and frontends of particular sites by host name
# (HEADLESS_PREVIEW_SITE_URLS="www.example.org=https://next.example.org/preview,…"). Without
# either, Preview renders the draft on this site as usual. The admin's CSP lets exactly these
# origins into its preview frame.
HEADLESS_PREVIEW_URL = env("HEADLESS_PREVIEW_URL")
HEADLESS_PREVIEW_SITE_URLS = env_mapping("HEADLESS_PREVIEW_SITE_URLS")
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {
        "default": HEADLESS_PREVIEW_URL or "{SITE_ROOT_URL}",
        **HEADLESS_PREVIEW_SITE_URLS,
    },
    "SERVE_BASE_URL": None,
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": True,
}
HEADLESS_PREVIEW_ORIGINS = sorted(
    {
        url_origin(name, url)
        for name, url in [
            ("HEADLESS_PREVIEW_URL", HEADLESS_PREVIEW_URL),
            *(("HEADLESS_PREVIEW_SITE_URLS", u) for u in HEADLESS_PREVIEW_SITE_URLS.values()),
        ]
        if url
    }
)
CSP_ADMIN_DIRECTIVES["frame-src"] = [SELF, *HEADLESS_PREVIEW_ORIGINS]

# CORS: read-only access to the API for the configured frontend origins.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# API HTTP caching (see docs/api.md): seconds a browser/CDN may reuse a GET response, and
# how long a CDN may serve it stale while it revalidates in the background.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
API_CACHE_STALE_WHILE_REVALIDATE = env_int("API_CACHE_STALE_WHILE_REVALIDATE", 300)

# Contact form (HTML and JSON): attempts per client IP per window (seconds). Behind a reverse
# proxy set CONTACT_CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP) to the header the proxy overwrites.
CONTACT_RATE_LIMIT = env_int("CONTACT_RATE_LIMIT", 10)
CONTACT_RATE_WINDOW = env_int("CONTACT_RATE_WINDOW", 600)
CONTACT_CLIENT_IP_HEADER = env("CONTACT_CLIENT_IP_HEADER")
# Admin password reset (cms/urls.py, core/throttle.py): requests per client address and per
# email address per window (seconds). Each one sends an email to a real inbox.
PASSWORD_RESET_RATE_LIMIT = env_int("PASSWORD_RESET_RATE_LIMIT", 5)
PASSWORD_RESET_EMAIL_RATE_LIMIT = env_int("PASSWORD_RESET_EMAIL_RATE_LIMIT", 3)
PASSWORD_RESET_RATE_WINDOW = env_int("PASSWORD_RESET_RATE_WINDOW", 3600)

# Every record reaches one handler once. Django's own default logging gives "django" a console
# handler of its own and lets it propagate to the root too, so with DEBUG every Django line
# ("Watching for file changes…", "Not Found: …") was printed twice: configured here without
# handlers, "django" only propagates. runserver's request lines ("GET / HTTP/1.1" 200), the
# successful ones included, get their own handler with the time.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "request": {"format": "[{asctime}] {message}", "style": "{", "datefmt": "%H:%M:%S"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "formatter": "request"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"level": env("LOG_LEVEL", "INFO")},
        "django.server": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # Wagtail runs search/reference-index updates as immediate tasks: one INFO line each.
        "django_tasks": {"level": "WARNING"},
    },
}

# Publish webhooks (frontend_sync, docs/api.md "Webhooks"): endpoints are managed in the admin
# (Settings → Webhook endpoints); a deployment can add one here. `manage.py deliver_webhooks`
# sends them, retrying after WEBHOOK_BACKOFF_SECONDS, doubling up to WEBHOOK_BACKOFF_MAX, until
# WEBHOOK_MAX_ATTEMPTS. Wagtail's own tasks (django-tasks) keep the default immediate backend.
PUBLISH_WEBHOOK_URL = env("PUBLISH_WEBHOOK_URL")
PUBLISH_WEBHOOK_SECRET = env("PUBLISH_WEBHOOK_SECRET")
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 10)
WEBHOOK_BACKOFF_SECONDS = env_int("WEBHOOK_BACKOFF_SECONDS", 30)
WEBHOOK_BACKOFF_MAX = env_int("WEBHOOK_BACKOFF_MAX", 3600)

# Clinical review (blog/review.py): the review-due report's window, how far approval moves the
# next review on, and whether approving the "Clinical review" workflow stamps those dates.
CLINICAL_REVIEW_DUE_WINDOW_DAYS = env_int("CLINICAL_REVIEW_DUE_WINDOW_DAYS", 30)
CLINICAL_REVIEW_INTERVAL_MONTHS = env_int("CLINICAL_REVIEW_INTERVAL_MONTHS", 12)
CLINICAL_REVIEW_STAMP_ON_APPROVAL = env_bool("CLINICAL_REVIEW_STAMP_ON_APPROVAL", True)
WAGTAIL_FINISH_WORKFLOW_ACTION = "blog.review.finish_clinical_review"
