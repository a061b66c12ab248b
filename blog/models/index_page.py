from dataclasses import dataclass
from math import ceil

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from core.page_cache import depends_on, listing_tag
from core.pages import OneQueryViewRestrictionsMixin, SitePageMixin, SpecificChildRouteMixin
from core.preview import HeadlessPreviewPageMixin
from core.visibility import public_pages

from .article import ArticleCareCard, ConditionArticlePage
from .snippets import Topic


@dataclass(frozen=True)
class TopicLink:
    """A topic as a listing links to it."""

    name: str
    description: str
    article_count: int
    url: str


class ArticleIndexPage(
    SitePageMixin,
    HeadlessPreviewPageMixin,
    RoutablePageMixin,
    SpecificChildRouteMixin,
    OneQueryViewRestrictionsMixin,
    Page,
):
    """Lists condition articles, newest first, with topic and tag listings."""

    intro = models.TextField(blank=True, help_text="Shown above the list of articles.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    # Its articles: /api/v2/pages/?type=blog.ConditionArticlePage&child_of=<id> (docs/api.md).
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ConditionArticlePage"]

    PER_PAGE = 10

    def get_articles(self):
        """Live, public articles under this index, newest first."""
        return (
            public_pages(ConditionArticlePage.objects.live().descendant_of(self))
            .select_related("image", "author", "reviewed_by")
            .order_by(*ConditionArticlePage.NEWEST_FIRST)
        )

    def get_topics(self, request=None):
        """The topics of this index's live, public articles, A to Z, each with its listing's
        URL and how many articles it has (the home page lists them)."""
        topics = (
            Topic.objects.filter(articles__in=self.get_articles())
            .annotate(article_count=Count("articles"))
            .order_by("name")
        )
        base = self.get_url(request).rstrip("/") + "/"
        return [
            TopicLink(
                name=topic.name,
                description=topic.description,
                article_count=topic.article_count,
                url=base + self.reverse_subpage("topic", kwargs={"slug": topic.slug}),
            )
            for topic in topics
        ]

    def child_route_queryset(self):
        """An article as served: with the people and pages its template shows."""
        # The disclaimer and call-to-action pages are the site's defaults, which the
        # (cached) practice settings hold; another choice costs a query when shown.
        # Whether it has care cards is asked in the same query: most have none, and those
        # then cost no query for them (ConditionArticlePage.care_card_list).
        return (
            ConditionArticlePage.objects.select_related("image", "author", "reviewed_by")
            .prefetch_related("topics", "tags")
            .annotate(has_care_cards=Exists(ArticleCareCard.objects.filter(page=OuterRef("pk"))))
        )

    def paginate(self, request, articles):
        """One page of `articles`; the page cache keeps it until an article on it changes
        (or one enters or leaves the listing: `stale_when_descendant_changed`)."""
        page = Paginator(articles, self.PER_PAGE).get_page(request.GET.get("page"))
        depends_on(request, listing_tag(request.path, page.number))
        return page

    @path("")
    def all_articles(self, request):
        return self.render(
            request, context_overrides={"articles": self.paginate(request, self.get_articles())}
        )

    @path("topic/<slug:slug>/", name="topic")
    def articles_by_topic(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        articles = self.get_articles().filter(topics=topic)
        return self.render(
            request,
            context_overrides={"articles": self.paginate(request, articles), "topic": topic},
        )

    @path("tag/<slug:slug>/", name="tag")
    def articles_by_tag(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        articles = self.get_articles().filter(tags__slug=slug).distinct()
        return self.render(
            request,
            context_overrides={
                "articles": self.paginate(request, articles),
                "tag": slug,
                "tag_name": tag.name,
            },
        )

    def api_listing_for_route(self, view, args, kwargs):
        """The API listing a topic or tag sub-path shows (`find?html_path=`), else None (the
        index itself). An unknown topic or tag is a 404, as on the site."""
        lookups = {"articles_by_topic": ("topic", Topic), "articles_by_tag": ("tag", Tag)}
        if view.__name__ not in lookups:
            return None
        parameter, model = lookups[view.__name__]
        get_object_or_404(model, slug=kwargs["slug"])
        return {"type": "blog.ConditionArticlePage", "child_of": self.pk, parameter: kwargs["slug"]}

    def listings_of(self, states):
        """[(absolute URL, articles, in it?)]: the listings an article with these memberships
        is in (the index, its topics' and its tags' pages), with whether a membership puts
        it there."""
        base = self.get_full_url().rstrip("/") + "/"
        articles = self.get_articles()
        listings = [(self.get_full_url(), articles, lambda state: True)]
        topic_ids = set().union(*(state["topics"] for state in states))
        for topic in Topic.objects.filter(pk__in=topic_ids):
            url = base + self.reverse_subpage("topic", kwargs={"slug": topic.slug})
            listings.append(
                (
                    url,
                    articles.filter(topics=topic),
                    lambda state, pk=topic.pk: pk in state["topics"],
                )
            )
        for slug in sorted(set().union(*(state["tags"] for state in states))):
            url = base + self.reverse_subpage("tag", kwargs={"slug": slug})
            listings.append(
                (url, articles.filter(tags__slug=slug).distinct(), lambda s, t=slug: t in s["tags"])
            )
        return listings

    def stale_when_descendant_changed(self, stale, change):
        """The pages of each listing that show the article, newest first as `get_articles`:
        when it stayed in place, the page it is on; when it entered, left or moved, the pages
        from its (first) place on, or every page when their number changed (each page shows
        the page count)."""
        article = change.page
        states = [s for s in change.states() if "topics" in s]
        if not states:
            return super().stale_when_descendant_changed(stale, change)
        for url, articles, contains in self.listings_of(states):
            others = articles.exclude(pk=article.pk)
            places = [
                article.listed_before(others, state["first_published_at"]).count()
                for state in states
                if contains(state)
            ]
            if not change.membership_changed:
                stale.add_listing(url, number=places[0] // self.PER_PAGE + 1)
                continue
            count = others.count()
            before, after = (
                count + (state is not None and "topics" in state and contains(state))
                for state in (change.before, change.after)
            )
            pages = max(1, ceil(after / self.PER_PAGE))
            if pages != max(1, ceil(before / self.PER_PAGE)):
                stale.add_listing(url, count=max(before, after), per_page=self.PER_PAGE)
                continue
            for number in range(min(places) // self.PER_PAGE + 1, pages + 1):
                stale.add_listing(url, number=number)

    def get_sitemap_urls(self, request=None):
        """The index itself plus one listing per topic that has live, public articles."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request).rstrip("/") + "/"
        topics = Topic.objects.filter(articles__in=self.get_articles()).distinct()
        for topic in topics.order_by("slug"):
            urls.append(
                {"location": base + self.reverse_subpage("topic", kwargs={"slug": topic.slug})}
            )
        return urls
