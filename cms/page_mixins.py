"""Behaviour shared by page models, as small abstract mixins."""

from django.db import models

from .markdown import markdown_to_html


class MarkdownBodyMixin(models.Model):
    """Keeps `body_html` rendered from the Markdown `body`.

    Rendering costs milliseconds, so it happens when the page is cleaned (editor save and
    preview) or saved, never per request. `body_html` is a model field, so each revision
    keeps the HTML that matches its Markdown.
    """

    body_html = models.TextField(editable=False, blank=True)

    class Meta:
        abstract = True

    def render_body(self):
        self.body_html = markdown_to_html(self.body)

    def full_clean(self, *args, **kwargs):
        self.render_body()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.render_body()
        super().save(*args, **kwargs)
