from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .api import api_router
from .api_contact import api_not_found, contact_submission
from .api_schema import openapi_schema
from .feeds import ArticleFeed

# A database that cannot be reached answers 503 with a standalone page (cms/security.py).
handler500 = "cms.security.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/schema/", openapi_schema, name="api_schema"),
    path("api/v2/contact/<int:page_id>/", contact_submission, name="contact_submission"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", api_not_found),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("feed/", ArticleFeed(), name="article_feed"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
