"""Topics and people: snippets (their admin listings are in blog/snippet_viewsets.py)."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    """A condition or topic articles are about, e.g. "Neck pain"."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    also_called = models.TextField(
        blank=True,
        help_text="Other names readers search for, one per line (e.g. 'cervicalgia').",
    )
    description = models.TextField(blank=True, help_text="Optional one-paragraph explanation.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("also_called"),
        FieldPanel("description"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("also_called"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def synonyms(self):
        return [line.strip() for line in self.also_called.splitlines() if line.strip()]


class Person(index.Indexed, models.Model):
    """An author or clinical reviewer, shown with their credentials."""

    name = models.CharField(max_length=120)
    credentials = models.CharField(
        max_length=120, blank=True, help_text="Qualifications, e.g. 'DC, MSc Chiropractic'."
    )
    job_title = models.CharField(max_length=120, blank=True)
    profile_url = models.URLField(blank=True, help_text="Optional public profile page.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The admin account of this person, if they have one: a clinical reviewer's "
        "approval names the person linked to their account.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("job_title"),
        FieldPanel("profile_url"),
        FieldPanel("user", permission="auth.change_user"),  # administrators only
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name
