"""Small serializer fields for the pages API (used in the models' `api_fields`).

Every field that shows another page goes through `PageVisibility`, so a draft, a
view-restricted page or another site's page never appears nested in a response. Fields read
only data the viewset selects or prefetches (see `cms.api.ContentPagesAPIViewSet`), so a
listing costs the same number of queries whatever its length.
"""

from functools import cached_property

from rest_framework.fields import Field
from wagtail.contrib.forms.forms import _split_by_newline_or_comma
from wagtail.models import Page, PageViewRestriction, Site


def django_request(request):
    """The HttpRequest behind a DRF Request, so per-request caches are shared with Wagtail."""
    return getattr(request, "_request", request)


class PageVisibility:
    """Answers "may this page be shown to this request?" with two queries per request.

    A page is visible when it is live, inside the request's site and under no view
    restriction at all.
    """

    def __init__(self, request):
        self.request = django_request(request)

    @classmethod
    def for_request(cls, request):
        request = django_request(request)
        if not hasattr(request, "_page_visibility"):
            request._page_visibility = cls(request)
        return request._page_visibility

    @cached_property
    def site(self):
        return Site.find_for_request(self.request)

    @cached_property
    def site_root_path(self):
        if self.site is None:
            return None
        return self.site.root_page.path

    @cached_property
    def restricted_paths(self):
        """Every view-restricted branch, whoever asks: API responses are public and
        cacheable, so they never depend on a login or a page password in the session."""
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    def queryset(self, model=Page):
        """Live, public pages of the request's site (the API's base queryset), of `model`."""
        if self.site_root_path is None:
            return model.objects.none()
        queryset = model.objects.live().filter(path__startswith=self.site_root_path)
        for path in self.restricted_paths:
            queryset = queryset.exclude(path__startswith=path)
        return queryset

    def is_visible(self, page):
        if page is None or not page.live or self.site_root_path is None:
            return False
        if not page.path.startswith(self.site_root_path):
            return False
        return not any(page.path.startswith(path) for path in self.restricted_paths)

    def page_link(self, page, **extra):
        """{id, title, url, html_url} for a visible page, else None. Built once per page
        and request: every article in a listing links to the same disclaimer and contact
        page."""
        if not self.is_visible(page):
            return None
        link = self._links.get(page.pk)
        if link is None:
            link = self._links[page.pk] = {
                "id": page.pk,
                "title": page.title,
                "url": page.get_url(self.request),
                "html_url": page.get_full_url(self.request),
            }
        return {**link, **extra}

    @cached_property
    def _links(self):
        return {}


def practice_settings(request):
    """The site's PracticeSettings with its default disclaimer and contact page: the
    request's site objects (cms/site_cache.py), so no query when they are cached."""
    from cms.site_cache import site_objects

    return site_objects(django_request(request)).settings


class ReadOnlyAPIField(Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    @property
    def visibility(self):
        return PageVisibility.for_request(self.context["request"])


class PersonField(ReadOnlyAPIField):
    """An author or reviewer: {name, credentials, job_title, profile_url}."""

    def to_representation(self, person):
        return {
            "name": person.name,
            "credentials": person.credentials,
            "job_title": person.job_title,
            "profile_url": person.profile_url,
        }


class TopicsField(ReadOnlyAPIField):
    """Topics as [{name, slug, synonyms}] (reads the prefetched `topics`)."""

    def to_representation(self, topics):
        return [
            {"name": topic.name, "slug": topic.slug, "synonyms": topic.synonyms}
            for topic in topics.all()
        ]


class TagsField(ReadOnlyAPIField):
    """Tags as [{name, slug}] sorted by name (reads the prefetched `tagged_items__tag`)."""

    def to_representation(self, tagged_items):
        tags = sorted((item.tag for item in tagged_items.all()), key=lambda tag: tag.name)
        return [{"name": tag.name, "slug": tag.slug} for tag in tags]


class DisclaimerField(ReadOnlyAPIField):
    """The article's disclaimer, else the site default: {id, title, summary, url, html_url}."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        disclaimer = page.get_disclaimer(site_settings=practice_settings(self.context["request"]))
        if disclaimer is None:
            return None
        return self.visibility.page_link(disclaimer, summary=disclaimer.summary)


class CallToActionField(ReadOnlyAPIField):
    """{text, page: {id, title, url, html_url}}; the page defaults to the site's contact page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        target = page.get_call_to_action_page(practice_settings(self.context["request"]))
        link = self.visibility.page_link(target) if target is not None else None
        if not page.call_to_action_text and link is None:
            return None
        return {"text": page.call_to_action_text, "page": link}


class RelatedArticlesField(ReadOnlyAPIField):
    """Related articles [{id, title, url, html_url, summary}], visible ones only."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        links = (
            self.visibility.page_link(article, summary=article.summary)
            for article in page.get_related_articles()
        )
        return [link for link in links if link is not None]


class FeaturedArticlesField(ReadOnlyAPIField):
    """Home page featured articles in editor order (reads prefetched `featured_articles`)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        links = (
            self.visibility.page_link(item.article, summary=item.article.summary)
            for item in page.featured_articles.all()
        )
        return [link for link in links if link is not None]


class PracticeField(ReadOnlyAPIField):
    """The practice's public details from PracticeSettings (never the form's inbox)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        practice = practice_settings(self.context["request"])
        return {
            "name": practice.name,
            "address_lines": practice.address_lines,
            "phone": practice.phone,
            "email": practice.email,
            "opening_hours_lines": practice.opening_hours_lines,
        }


class ContactFormDefinitionField(ReadOnlyAPIField):
    """What a frontend needs to render and submit the contact form.

    {submit_url, honeypot_field, fields: [{name, clean_name, type, label, required, choices,
    help_text, default, max_length}]}. Never the email to/from addresses or subject.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        from django.urls import reverse

        from home import contact

        request = django_request(self.context["request"])
        return {
            "submit_url": request.build_absolute_uri(reverse("contact_submission", args=[page.pk])),
            "honeypot_field": contact.HONEYPOT_FIELD,
            "fields": [
                {
                    "name": field.clean_name,
                    "clean_name": field.clean_name,
                    "type": field.field_type,
                    "label": field.label,
                    "required": field.required,
                    "choices": _split_by_newline_or_comma(field.choices) if field.choices else [],
                    "help_text": field.help_text,
                    "default": field.default_value,
                    "max_length": contact.max_length_for(field.field_type),
                }
                for field in page.form_fields.all()
            ],
        }
