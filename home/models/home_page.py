from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import jsonld
from core.pages import OneQueryViewRestrictionsMixin, SitePageMixin, SpecificChildRouteMixin
from core.preview import HeadlessPreviewPageMixin
from core.site_objects import site_objects
from core.visibility import public_pages

from ..api_fields import FeaturedArticlesField
from .site_settings import PracticeSettings

# How many of the newest articles the home page lists after the featured ones.
LATEST_ARTICLES = 5


class FeaturedArticle(Orderable):
    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="featured_articles")
    article = models.ForeignKey(
        "blog.ConditionArticlePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]


class HomePage(
    SitePageMixin,
    HeadlessPreviewPageMixin,
    SpecificChildRouteMixin,
    OneQueryViewRestrictionsMixin,
    Page,
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

    api_prefetch_related = ("featured_articles__article",)

    parent_page_types = ["wagtailcore.Page"]
    # No closed `subpage_types` list: each page type names its parents (`parent_page_types`),
    # so a new section plugs in without editing this app (docs/architecture.md).

    def known_child(self, request, slug):
        """A section of the site (a menu page: the Articles index, the contact page) from
        the site-objects cache: serving it, or passing through it on the way to an article,
        costs no query for it."""
        for page in site_objects(request).menu_pages:
            if (
                page.slug == slug
                and page.depth == self.depth + 1
                and page.path.startswith(self.path)
            ):
                return page
        return None

    def get_featured_articles(self):
        """Live, public featured articles in the editor's order."""
        ids = [item.article_id for item in self.featured_articles.all()]
        article_model = FeaturedArticle.article.field.related_model
        pages = public_pages(article_model.objects.live().filter(pk__in=ids))
        by_id = {page.pk: page for page in pages}
        return [by_id[pk] for pk in ids if pk in by_id]

    def articles_section(self, menu_pages):
        """The first section of the site that lists articles (a menu page with
        `get_articles()`, i.e. the blog's Articles index), or None."""
        return next((page for page in menu_pages if hasattr(page, "get_articles")), None)

    def stale_when_descendant_changed(self, stale, change):
        """The home page shows the latest articles that are not featured (featured ones are
        references) and the topics with their counts (which change with membership)."""
        section = self.articles_section(self.get_children().live().in_menu().specific())
        if section is None:
            return super().stale_when_descendant_changed(stale, change)
        # The latest window leaves the featured articles out, so it reaches that many further.
        window = LATEST_ARTICLES + len(self.get_featured_articles())
        latest = section.get_articles().values_list("pk", flat=True)[:window]
        if change.membership_changed or change.page.pk in set(latest):
            stale.add_page(self, api=False)

    def get_context(self, request, *args, **kwargs):
        """What the home page presents, from the first section of the site that lists articles
        (a menu page with `get_articles()`, i.e. the blog's Articles index): its topics (when
        it has `get_topics()`) and its newest articles, leaving out the featured ones (an
        article is listed once). The heading does not repeat the practice's name, which the
        header shows above it: a home page titled with that name is headed by its intro."""
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles_section(site_objects(request).menu_pages)
        featured = self.get_featured_articles()
        latest = (
            articles.get_articles().exclude(pk__in=[page.pk for page in featured])
            if articles
            else []
        )
        context["featured_articles"] = featured
        context["articles_section"] = articles
        context["latest_articles"] = list(latest[:LATEST_ARTICLES])
        context["topics"] = articles.get_topics(request) if hasattr(articles, "get_topics") else []
        name = PracticeSettings.for_request(request).name
        context["titled_with_practice_name"] = self.is_titled_with(name)
        context["heading"] = self.heading(name)
        return context

    def is_titled_with(self, practice_name):
        return bool(practice_name) and self.title.strip() == practice_name.strip()

    def heading(self, practice_name):
        """The page's h1: its title, or its intro (without a closing full stop) when the title
        is only the practice's name."""
        if self.is_titled_with(practice_name) and self.intro:
            return self.intro.strip().removesuffix(".")
        return self.title

    def get_jsonld(self, linked_data):
        """The home page describes the practice itself."""
        settings = PracticeSettings.for_request(linked_data.request)
        practice = jsonld.practice(settings, linked_data.url)
        return {"@context": jsonld.SCHEMA, **practice} if practice else None
