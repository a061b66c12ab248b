"""Admin listings for the blog snippets (registered in wagtail_hooks.py)."""

from django.db.models import Count
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Person, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = [
        "name",
        "slug",
        Column("synonyms", label="Also called", accessor=lambda t: ", ".join(t.synonyms)),
        Column("article_count", label="Articles", sort_key="article_count"),
    ]
    ordering = ["name"]
    list_per_page = 50

    def get_queryset(self, request):
        return Topic.objects.annotate(article_count=Count("articles", distinct=True))


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "credentials", "job_title"]
    ordering = ["name"]
    list_per_page = 50
