"""RSS feed of the site's live, public condition articles, newest first."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from wagtail.models import Site

from core.visibility import live_public
from home.models import PracticeSettings

from .models import ConditionArticlePage


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    limit = ConditionArticlePage.FEED_LENGTH

    def get_object(self, request):
        self.request = request
        return Site.find_for_request(request)

    def title(self, site):
        settings = PracticeSettings.for_site(site) if site else None
        name = settings.name if settings and settings.name else "Health practice"
        return f"{name}: articles"

    def link(self, site):
        return site.root_url + "/" if site else "/"

    def description(self, site):
        return "Condition articles, reviewed by our clinicians."

    def items(self, site):
        articles = live_public(ConditionArticlePage, site)
        return articles.select_related("author").order_by(*ConditionArticlePage.NEWEST_FIRST)[
            : self.limit
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None
