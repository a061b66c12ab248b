"""API serializer fields of the article (listed in `ConditionArticlePage.api_fields`)."""

from core.api.fields import PageLinksField, ReadOnlyAPIField


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
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page):
        disclaimer = page.get_disclaimer(self.request)
        if disclaimer is None:
            return None
        return self.visibility.page_link(disclaimer, summary=disclaimer.summary)


class CallToActionField(ReadOnlyAPIField):
    """{text, page: {id, title, url, html_url}}; the page defaults to the site's contact page."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page):
        target = page.get_call_to_action_page(self.request)
        link = self.visibility.page_link(target) if target is not None else None
        if not page.call_to_action_text and link is None:
            return None
        return {"text": page.call_to_action_text, "page": link}


class RelatedArticlesField(PageLinksField):
    """Related articles [{id, title, url, html_url, summary}], visible ones only."""

    def pages(self, page):
        return page.get_related_articles()
