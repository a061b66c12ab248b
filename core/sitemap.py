"""The sitemap: Wagtail's, with the pages chosen by `core.visibility` like every listing."""

from wagtail.contrib.sitemaps import Sitemap

from core.visibility import public_pages


class PublicPagesSitemap(Sitemap):
    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).live()
        return public_pages(pages).order_by("path").defer_streamfields().specific()


SITEMAPS = {"wagtail": PublicPagesSitemap}
