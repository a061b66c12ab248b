from functools import cached_property
from typing import Literal

from django import forms
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailmarkdown.fields import MarkdownField

from core import jsonld, markdown_export
from core.markdown import html_text, markdown_to_html, reading_time_minutes
from core.pages import (
    MarkdownBodyMixin,
    OneQueryViewRestrictionsMixin,
    SitePageMixin,
    prefetched,
)
from core.preview import HeadlessPreviewPageMixin
from core.site_objects import site_objects
from core.visibility import public_pages
from home.models import PracticeSettings

from ..api_fields import (
    CallToActionField,
    CareCardsField,
    DisclaimerField,
    DisclaimerNoticeField,
    PersonField,
    RelatedArticlesField,
    SectionsField,
    TagsField,
    TopicsField,
)
from ..content_checks.engine import CareCardText, article_reading_age
from ..content_checks.form import ArticleAdminForm
from ..content_checks.panel import ContentChecksPanel, OverrideReasonPanel
from ..review_dates import review_due_date, review_status


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ConditionArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class RelatedArticle(Orderable):
    page = ParentalKey(
        "blog.ConditionArticlePage", on_delete=models.CASCADE, related_name="related_links"
    )
    article = models.ForeignKey(
        "blog.ConditionArticlePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("article", "blog.ConditionArticlePage")]


class ArticleCareCard(Orderable):
    """Advice on when and where to get care, shown as a care card (after the NHS.UK pattern):
    its level decides the visually hidden prefix screen readers hear and the card's style."""

    class Level(models.TextChoices):
        # value, the admin's label; PREFIXES below are what readers hear before the heading
        IMMEDIATE = "immediate", "Immediate action required: call 999 or go to A&E"
        URGENT = "urgent", "Urgent advice: get help today (e.g. NHS 111 or a same-day GP)"
        NON_URGENT = "non-urgent", "Non-urgent advice: see a GP or the practice"

    PREFIXES = {
        Level.IMMEDIATE: "Immediate action required",
        Level.URGENT: "Urgent advice",
        Level.NON_URGENT: "Non-urgent advice",
    }

    page = ParentalKey(
        "blog.ConditionArticlePage", on_delete=models.CASCADE, related_name="care_cards"
    )
    level = models.CharField(
        max_length=10,
        choices=Level.choices,
        default=Level.URGENT,
        help_text="How soon the reader must act: it sets the card's colour and the words "
        "screen readers hear first.",
    )
    heading = models.TextField(
        blank=True,
        help_text="Optional lead-in, e.g. 'Call 999 if you have:'. Leave empty to show the "
        "level's name (e.g. 'Urgent advice') as the heading.",
    )
    text = MarkdownField(
        help_text="The advice: a sentence or a list ('- ' at the start of each line)."
    )
    html = models.TextField(
        editable=False,
        blank=True,
        help_text="Sanitised HTML rendered from text when the card was saved; exactly what "
        "the site shows.",
    )

    panels = [
        FieldPanel("level"),
        FieldPanel("heading", widget=forms.TextInput),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "care card"

    def __str__(self):
        return self.heading or self.prefix

    @property
    def prefix(self):
        return self.PREFIXES.get(self.level, "")

    def render(self):
        """Renders `html` from `text` (once per text), like the page's body_html."""
        if getattr(self, "_rendered_from", None) != self.text:
            self.html = markdown_to_html(self.text)
            self._rendered_from = self.text

    def save(self, *args, **kwargs):
        self.render()
        super().save(*args, **kwargs)


class ConditionArticlePage(
    SitePageMixin, HeadlessPreviewPageMixin, OneQueryViewRestrictionsMixin, MarkdownBodyMixin, Page
):
    """One health-condition article, with its clinical review record."""

    RELATED_LIMIT = 3  # suggested by shared topic
    FEED_LENGTH = 20  # the newest articles in the RSS feed (blog.feeds)
    RELATED_MAX_CHOSEN = 6  # chosen by the editor
    # What a related article's card (site: includes/page_card.html, API: page links) reads:
    # not its body, body_html and the other ~40 columns (less SQL to build, less to read).
    RELATED_CARD_FIELDS = (
        "id", "title", "slug", "url_path", "path", "depth", "live", "locale", "content_type",
        "summary", "last_reviewed", "first_published_at",
    )  # fmt: skip
    SUMMARY_MAX_LENGTH = 300

    summary = models.TextField(
        max_length=SUMMARY_MAX_LENGTH,
        help_text=f"One or two plain sentences (up to {SUMMARY_MAX_LENGTH} characters). Readers "
        "see it in article lists; search engines show it too.",
    )
    body = MarkdownField(
        help_text="The article text. Start a section with '## Heading', make a list with '- ' "
        "at the start of each line, write **bold** for emphasis and [words](link) for links. "
        "The preview panel shows the page as readers will see it."
    )
    topics = ParentalManyToManyField(
        "blog.Topic",
        blank=True,
        related_name="articles",
        help_text="Tick every condition this article is about: readers find it under those "
        "topics. Add new topics under Snippets → Topics.",
    )
    tags = ClusterTaggableManager(
        through=ArticleTag,
        blank=True,
        help_text="Optional extra keywords, separated by commas (e.g. 'posture, desk work'). "
        "Each tag gets its own list of articles.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture shown at the top of the article. Use only pictures you own "
        "or may publish.",
    )
    image_caption = models.TextField(
        blank=True,
        help_text="Optional words about the picture, shown under it.",
    )
    image_credit = models.CharField(
        max_length=255,
        blank=True,
        help_text="Who took or owns the picture, shown under it (e.g. 'Photo: Jane Smith').",
    )
    call_to_action_text = models.TextField(
        blank=True,
        help_text="The closing invitation shown after the article, e.g. 'Contact us today to "
        "be evaluated.' Leave empty for the practice's default (Settings → Practice "
        "settings), if it has one; otherwise no invitation is shown.",
    )
    call_to_action_page = models.ForeignKey(
        "home.ContactPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page the invitation links to: usually the contact page.",
    )
    disclaimer_text = models.TextField(
        blank=True,
        help_text="This article's own disclaimer, in its own words, shown in the notice "
        "before the article. Leave empty to show the summary of the disclaimer page below.",
    )
    disclaimer = models.ForeignKey(
        "home.DisclaimerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The full disclaimer the notice links to. Leave empty for the site's "
        "default medical disclaimer.",
    )
    author = models.ForeignKey(
        "blog.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who wrote the article (from Snippets → People).",
    )
    reviewed_by = models.ForeignKey(
        "blog.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinician who last checked the article is medically correct (from "
        "Snippets → People).",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="The date of the last clinical review. Filled in automatically when a "
        "clinical reviewer approves the article.",
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the article must be checked again. Set automatically on approval; "
        "articles due soon appear in Reports → Clinical review due.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [ContentChecksPanel(), OverrideReasonPanel("content_checks_override")],
            heading="Content checks",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("topics", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading="Topics and tags",
        ),
        InlinePanel(
            "care_cards",
            heading="Care cards",
            label="Care card",
            help_text="Advice on when to get help, shown prominently before the article.",
        ),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_caption"), FieldPanel("image_credit")],
            heading="Picture",
        ),
        MultiFieldPanel(
            [FieldPanel("call_to_action_text"), FieldPanel("call_to_action_page")],
            heading="Call to action",
        ),
        MultiFieldPanel(
            [FieldPanel("disclaimer_text"), FieldPanel("disclaimer")], heading="Disclaimer"
        ),
        InlinePanel(
            "related_links",
            heading="Related articles",
            label="Related article",
            max_num=RELATED_MAX_CHOSEN,
            help_text=f"Optional: choose up to {RELATED_MAX_CHOSEN} articles to suggest after "
            "this one. If you choose none, articles sharing a topic are suggested automatically.",
        ),
    ]
    review_panels = [
        FieldRowPanel([FieldPanel("author"), FieldPanel("reviewed_by")]),
        FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "slug",
                    help_text="The last part of the page's web address: lowercase words "
                    "joined by hyphens. Changing it on a live page changes its address.",
                ),
                FieldPanel(
                    "seo_title",
                    help_text="Optional title for search engines and browser tabs, if it "
                    "should differ from the page title. Keep it under 60 characters.",
                ),
                FieldPanel(
                    "search_description",
                    help_text="Optional: the short text (about 150 characters) search "
                    "engines show under the title.",
                ),
            ],
            heading="For search engines",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(review_panels, heading="Medical review"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields(
            "care_cards", [index.SearchField("heading"), index.SearchField("text")]
        ),
        index.RelatedFields(
            "topics", [index.SearchField("name"), index.SearchField("also_called")]
        ),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("last_reviewed"),
        index.FilterField("next_review_due"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("body_html"),
        APIField("sections", serializer=SectionsField()),
        APIField("care_cards", serializer=CareCardsField(whole_object=True)),
        APIField("topics", serializer=TopicsField(whole_object=True)),
        APIField("tags", serializer=TagsField(whole_object=True)),
        APIField("last_reviewed"),
        APIField("next_review_due"),
        APIField("reviewed_by", serializer=PersonField()),
        APIField("author", serializer=PersonField()),
        APIField("reading_time_minutes"),
        APIField("reading_age"),
        APIField("review_status"),
        APIField("image"),
        APIField(
            "image_fill_1200x630",
            serializer=ImageRenditionField("fill-1200x630", source="image"),
        ),
        APIField("image_width_800", serializer=ImageRenditionField("width-800", source="image")),
        APIField("image_caption"),
        APIField("image_credit"),
        APIField("disclaimer_notice", serializer=DisclaimerNoticeField()),
        APIField("disclaimer", serializer=DisclaimerField()),
        APIField("call_to_action", serializer=CallToActionField()),
        APIField("related_articles", serializer=RelatedArticlesField()),
    ]

    # What the api_fields above read, loaded with the page (core.api.viewsets). The lists go
    # to plain attributes (`to_attr`, read by the fields): prefetched into the relations'
    # managers, Django builds a filtered queryset per page and relation, a fifth of the
    # CPU of a 20-article listing.
    api_select_related = ("image", "author", "reviewed_by", "disclaimer", "call_to_action_page")
    api_prefetch_related = (
        models.Prefetch("topics", to_attr="api_topics"),
        models.Prefetch(
            "tagged_items",
            queryset=ArticleTag.objects.select_related("tag"),
            to_attr="api_tagged_items",
        ),
        "image__renditions",
        models.Prefetch("care_cards", to_attr="api_care_cards"),
    )

    parent_page_types = ["blog.ArticleIndexPage"]
    subpage_types = []

    # The submission gate and the Clinical reviewer's override reason (blog.content_checks).
    base_form_class = ArticleAdminForm

    def get_context(self, request, *args, **kwargs):
        """What the template shows beside the article, each looked up once per request."""
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = self.get_related_articles()
        context["disclaimer"] = self.get_disclaimer(request)
        context["disclaimer_notice"] = self.get_disclaimer_notice(request)
        context["call_to_action_text"] = self.get_call_to_action_text(request)
        context["call_to_action_page"] = self.get_call_to_action_page(request)
        context["article_index"] = self.get_parent_index(request)
        return context

    @cached_property
    def reading_time_minutes(self) -> int:
        return reading_time_minutes(self.body)

    @cached_property
    def reading_age(self) -> float | None:
        """Reading age of the body and care cards: the Flesch-Kincaid grade (textstat) + 5,
        the age of a reader in that school year; null for an article without words. The
        practice's target is in Practice settings (default 11; NHS.UK aims for 9 to 11)."""
        cards = [
            CareCardText(card.level, card.heading, html_text(card.html))
            for card in self.care_card_list
        ]
        return article_reading_age(self.body_html, cards)

    @property
    def review_status(self) -> Literal["reviewed", "due_soon", "overdue", "never_reviewed"]:
        """Where the article stands in clinical review: `never_reviewed` (no review has been
        recorded), `overdue` (the next review date is past), `due_soon` (due within the
        review window) or `reviewed`."""
        return review_status(self)

    @property
    def review_due_date(self):
        return review_due_date(self)

    @cached_property
    def care_card_list(self):
        """The care cards the page shows (template and JSON-LD), fetched once; no query when
        the routing query found none (`has_care_cards`, ArticleIndexPage.child_route_queryset)."""
        if getattr(self, "has_care_cards", True) is False:
            return []
        return prefetched(self, "api_care_cards", "care_cards")

    def render_body(self):
        """body_html, and each care card's html (held in memory until the page is saved)."""
        super().render_body()
        if self.pk is not None or "care_cards" in getattr(self, "_cluster_related_objects", {}):
            for card in self.care_cards.all():
                card.render()

    def serve_preview(self, request, *args, **kwargs):
        """Wagtail's preview cleans the page (body_html) before it sets the care cards from
        the form: render the cards it holds now, for this site's preview and the headless
        one alike."""
        self.render_body()
        return super().serve_preview(request, *args, **kwargs)

    def get_disclaimer_notice(self, request=None, settings=None):
        """What the disclaimer notice says: the article's own words, else the summary of the
        disclaimer it links to (the site default); "" when there is neither. `settings`: the
        practice settings to read instead of the request's (the content checks of a page not
        yet in the tree)."""
        if self.disclaimer_text.strip():
            return self.disclaimer_text.strip()
        disclaimer = self.get_disclaimer(request, settings)
        return disclaimer.summary if disclaimer is not None else ""

    def get_call_to_action_text(self, request=None):
        """The article's own closing invitation, else the practice's default (empty unless
        the practice wrote one); never a sentence of ours."""
        if self.call_to_action_text.strip():
            return self.call_to_action_text.strip()
        settings = self._practice_settings(request)
        return settings.default_call_to_action.strip() if settings else ""

    def get_disclaimer(self, request=None, settings=None):
        """The chosen disclaimer, else the site's default (live pages only)."""
        settings = settings or self._practice_settings(request)
        default = settings.default_disclaimer if settings else None
        disclaimer = self._chosen_or(self.disclaimer_id, "disclaimer", default)
        return disclaimer if disclaimer is not None and disclaimer.live else None

    def get_call_to_action_page(self, request=None):
        """The page the call to action links to, else the site's contact page (live only)."""
        settings = self._practice_settings(request)
        contact = settings.contact_page if settings else None
        target = self._chosen_or(self.call_to_action_page_id, "call_to_action_page", contact)
        return target if target is not None and target.live else None

    def _practice_settings(self, request):
        """Wagtail's per-request settings (cached by core.site_objects); without a request,
        the settings of the page's site."""
        if request is not None:
            return PracticeSettings.for_request(request)
        site = self.get_site()
        return PracticeSettings.for_site(site) if site else None

    def _chosen_or(self, chosen_id, field, default):
        """The page chosen in `field`, else `default`. When the choice *is* the default (the
        seed links every call to action to the contact page), the settings' copy is used:
        no query for it."""
        if chosen_id is None:
            return default
        if default is not None and chosen_id == default.pk:
            return default
        return getattr(self, field)

    def cache_membership(self):
        """Besides its place in the index: the topics and tags whose listings show it."""
        return {
            **super().cache_membership(),
            "topics": frozenset(topic.pk for topic in self.topics.all()),
            "tags": frozenset(tag.slug for tag in self.tags.all()),
            "in_llms": self.in_llms_txt(),
        }

    def in_llms_txt(self, today=None):
        """Listed in /llms.txt: reviewed and not overdue (blog.llms)."""
        today = today or timezone.localdate()
        return bool(self.last_reviewed and self.next_review_due and self.next_review_due >= today)

    def stale_when_changed(self, stale, change):
        """What shows an article besides its index and references: the articles suggesting it
        (automatic related articles: the newest sharing a topic), the feed, llms.txt."""
        live = public_pages(ConditionArticlePage.objects.live()).exclude(pk=self.pk)
        site_url = self.get_site().root_url
        shown_in_feed = False
        for state in change.states():
            newer = self.listed_before(live, state["first_published_at"])
            for topic_id in state["topics"]:
                # Fewer articles before it in a topic than an article suggests (it may be one
                # of them): every article of the topic without chosen links may suggest it.
                if newer.filter(topics=topic_id).count() <= self.RELATED_LIMIT:
                    for other in live.filter(topics=topic_id, related_links__isnull=True):
                        stale.add_page(other)
            shown_in_feed |= newer.count() < self.FEED_LENGTH
        if shown_in_feed:
            stale.add_url(site_url + reverse("article_feed"))
        if any(state.get("in_llms") for state in change.states()):
            stale.add_url(site_url + reverse("llms_txt"))

    NEWEST_FIRST = ("-first_published_at", "-pk")  # listings, feed, related: one order

    def listed_before(self, articles, first_published_at):
        """The `articles` a newest-first listing shows before this one (had it been
        published at `first_published_at`)."""
        if first_published_at is None:
            return articles
        return articles.filter(
            models.Q(first_published_at__gt=first_published_at)
            | models.Q(first_published_at=first_published_at, pk__gt=self.pk)
        )

    def get_related_articles(self):
        """Explicitly chosen live articles (in the editor's order), else the newest live
        articles sharing a topic. Two simple queries: one combined query measured slower,
        as Django spent more time compiling it than SQLite spent running it."""
        live = public_pages(ConditionArticlePage.objects.live().exclude(pk=self.pk))
        live = live.only(*self.RELATED_CARD_FIELDS)
        chosen = [link.article_id for link in self.related_links.all()]  # also in previews
        if chosen:
            by_id = {page.pk: page for page in live.filter(pk__in=chosen)}
            return [by_id[pk] for pk in chosen if pk in by_id][: self.RELATED_MAX_CHOSEN]
        # Prefetched (the API's `api_topics`, the page's `topics`), or in memory (a preview).
        topic_ids = [topic.pk for topic in prefetched(self, "api_topics", "topics")]
        if not topic_ids:
            return []
        sharing = ConditionArticlePage.topics.through.objects.filter(topic_id__in=topic_ids)
        return list(
            live.filter(pk__in=sharing.values("conditionarticlepage_id")).order_by(
                *self.NEWEST_FIRST
            )[: self.RELATED_LIMIT]
        )

    def get_jsonld(self, linked_data):
        """A MedicalWebPage about the article's topics, published by the practice.

        Care cards are listed as the page's parts (`hasPart`: WebPageElements with their
        heading, words and CSS selector), which is all schema.org lets us say truthfully.
        They are not `MedicalSignOrSymptom`s (a card is advice on when to act, mixing signs
        with actions; splitting it into symptoms would be our invention), nor the page's
        `mainContentOfPage` or `significantLink` (they are neither)."""
        request = linked_data.request
        index = self.get_parent_index(request)
        topics = list(self.topics.all())
        topic_urls = {}
        if index is not None:
            base = index.get_full_url(request).rstrip("/") + "/"
            topic_urls = {
                topic.pk: base + index.reverse_subpage("topic", kwargs={"slug": topic.slug})
                for topic in topics
            }
        image_url = None
        if self.image_id:
            image_url = linked_data.absolute(self.image.get_rendition("width-1200").url)
        practice = self._practice_settings(request)
        return jsonld.compact(
            {
                "@context": jsonld.SCHEMA,
                "@type": "MedicalWebPage",
                "name": self.title,
                "headline": self.title,
                "description": self.search_description or self.summary,
                "url": linked_data.url,
                "inLanguage": "en-GB",
                "about": [
                    jsonld.medical_condition(topic, topic_urls.get(topic.pk)) for topic in topics
                ],
                # Only a review that happened: no date, no reviewer claimed.
                "lastReviewed": self.last_reviewed,
                "author": jsonld.person(self.author),
                "reviewedBy": jsonld.person(self.reviewed_by) if self.last_reviewed else None,
                "datePublished": self.first_published_at,
                "dateModified": self.last_published_at,
                "image": image_url,
                "publisher": jsonld.practice(practice, linked_data.site_url),
                "breadcrumb": jsonld.breadcrumb_list(linked_data.crumbs),
                **jsonld.licence(practice, linked_data.site_url),
                "hasPart": [
                    {
                        "@type": "WebPageElement",
                        "name": card.heading or card.prefix,
                        "text": html_text(card.html),
                        "cssSelector": f"#care-card-{position}",
                    }
                    for position, card in enumerate(self.care_card_list, start=1)
                ],
            }
        )

    def get_markdown(self, request):
        """The article's own Markdown under its front matter (`core.markdown_export`)."""
        reviewer = self.reviewed_by if self.last_reviewed else None  # only a review that happened
        practice = self._practice_settings(request)
        terms = (practice.licence if practice else None) or {}
        front_matter = {
            "title": self.title,
            "canonical_url": self.get_full_url(request),
            "summary": self.summary,
            "last_reviewed": self.last_reviewed,
            "next_review_due": self.next_review_due,
            "reviewed_by": ", ".join(filter(None, [reviewer.name, reviewer.credentials]))
            if reviewer
            else None,
            # The republishing terms of Practice settings, as on the API and in JSON-LD.
            "licence": terms.get("name"),
            "licence_url": terms.get("url"),
            "attribution": practice.attribution if practice else None,
        }
        return markdown_export.document(front_matter, f"# {self.title}\n\n{self.body}")

    def get_parent_index(self, request=None):
        """The index the article lives in: the site's cached menu page when it is one."""
        if request is not None:
            for page in site_objects(request).menu_pages:
                if page.depth == self.depth - 1 and self.path.startswith(page.path):
                    return page
        return self.get_parent().specific
