from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index
from wagtailmarkdown.fields import MarkdownField

from core.pages import MarkdownBodyMixin, SitePageMixin
from core.preview import HeadlessPreviewPageMixin


class DisclaimerPage(SitePageMixin, HeadlessPreviewPageMixin, MarkdownBodyMixin, Page):
    """The site-wide medical disclaimer; its summary is shown on every article."""

    summary = models.TextField(
        max_length=500,
        help_text="One or two sentences shown in the disclaimer box on every article.",
    )
    body = MarkdownField(blank=True, help_text="The full disclaimer, in Markdown.")

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    api_fields = [APIField("summary"), APIField("body"), APIField("body_html")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
