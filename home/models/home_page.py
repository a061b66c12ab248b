from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.api_fields import FeaturedArticlesField
from cms.headless import HeadlessPreviewPageMixin
from cms.page_mixins import (
    OneQueryViewRestrictionsMixin,
    SpecificChildRouteMixin,
    public_pages,
)
from cms.site_cache import site_objects


class FeaturedArticle(Orderable):
    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="featured_articles")
    article = models.ForeignKey(
        "blog.ConditionArticlePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]


class HomePage(
    HeadlessPreviewPageMixin, SpecificChildRouteMixin, OneQueryViewRestrictionsMixin, Page
):
    """The site root: an introduction, featured articles and the way to the rest of the site."""

    intro = models.TextField(blank=True, help_text="A short welcome shown at the top of the page.")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_articles", label="Featured articles", max_num=6),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    api_fields = [
        APIField("intro"),
        APIField("featured_articles", serializer=FeaturedArticlesField()),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.ArticleIndexPage", "home.DisclaimerPage", "home.ContactPage"]

    def known_child(self, request, slug):
        """The Articles index, from the site-objects cache: serving it, or passing through
        it on the way to an article, costs no query for it."""
        index = site_objects(request).article_index
        is_child = index is not None and index.depth == self.depth + 1
        if is_child and index.slug == slug and index.path.startswith(self.path):
            return index
        return None

    def get_featured_articles(self):
        """Live, public featured articles in the editor's order."""
        from blog.models import ConditionArticlePage

        ids = [item.article_id for item in self.featured_articles.all()]
        pages = public_pages(ConditionArticlePage.objects.live().filter(pk__in=ids))
        by_id = {page.pk: page for page in pages}
        return [by_id[pk] for pk in ids if pk in by_id]
