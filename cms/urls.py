from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from blog.feeds import ArticleFeed
from blog.llms import llms_txt
from blog.search import search
from core.api.openapi import document_view
from core.api.views import api_not_found, index_view
from core.paths import DJANGO_ADMIN_PREFIX, WAGTAIL_ADMIN_PREFIX
from core.sitemap import SITEMAPS
from core.throttle import throttle_posts
from core.views import favicon_ico, robots_txt
from home.api import contact_submission

from .api import api_router, openapi_document

# A database that cannot be reached answers 503 with a standalone page (core/errors.py).
handler500 = "core.errors.server_error"

# Each password reset request emails a real inbox: throttled per client and per address.
password_reset = throttle_posts(
    "password-reset",
    limit="PASSWORD_RESET_RATE_LIMIT",
    window="PASSWORD_RESET_RATE_WINDOW",
    per_field="email",
    field_limit="PASSWORD_RESET_EMAIL_RATE_LIMIT",
)(account.PasswordResetView.as_view())

urlpatterns = [
    path(DJANGO_ADMIN_PREFIX.lstrip("/"), admin.site.urls),
    path(
        WAGTAIL_ADMIN_PREFIX.lstrip("/") + "password_reset/",
        password_reset,
        name="wagtailadmin_password_reset",
    ),
    path(WAGTAIL_ADMIN_PREFIX.lstrip("/"), include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/schema/", document_view(openapi_document), name="api_schema"),
    path("api/v2/contact/<int:page_id>/", contact_submission, name="contact_submission"),
    path("api/v2/", index_view(openapi_document, "/api/v2/schema/"), name="api_index"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", api_not_found),
    path("search/", search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon_ico, name="favicon_ico"),
    path("llms.txt", llms_txt, name="llms_txt"),
    path("feed/", ArticleFeed(), name="article_feed"),
]

if settings.DEBUG:
    from django.conf.urls.static import static  # development only: serve uploaded media

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
