from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class PracticeSettings(BaseSiteSetting):
    """The practice's public details: the one place templates and the API read them from."""

    name = models.CharField(max_length=120, help_text="The practice's name as readers see it.")
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.TextField(blank=True, help_text="Postal address, one line per row.")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(
        blank=True, help_text="Public email shown to readers (not the form's inbox)."
    )
    opening_hours = models.TextField(blank=True, help_text="One line per row, e.g. 'Mon–Fri 9–17'.")
    default_disclaimer = models.ForeignKey(
        "home.DisclaimerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on every article that does not choose its own disclaimer.",
    )
    contact_page = models.ForeignKey(
        "home.ContactPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where calls to action and the navigation's Contact link go.",
    )
    content_licence = models.CharField(
        max_length=100,
        blank=True,
        help_text="The licence others may republish the articles under, e.g. 'CC BY 4.0'. "
        "Leave empty if they may not.",
    )
    content_licence_url = models.URLField(
        blank=True,
        help_text="Where the licence's text is, e.g. https://creativecommons.org/licenses/by/4.0/",
    )
    attribution = models.CharField(
        max_length=255,
        blank=True,
        help_text="How a republished article must credit the practice, e.g. '© Example Health "
        "Practice, reviewed by our clinicians'.",
    )

    emergency_number = models.CharField(
        max_length=20,
        blank=True,
        default="999",
        help_text="The number readers call in an emergency (999 in the UK). The content checks "
        "block every article while it is empty.",
    )
    reading_age_target = models.PositiveSmallIntegerField(
        default=11,
        validators=[MinValueValidator(5), MaxValueValidator(18)],
        help_text="The highest reading age articles should need (NHS.UK aims for 9 to 11). "
        "The content checks warn about an article above it.",
    )

    default_call_to_action = models.TextField(
        blank=True,
        help_text="Optional closing invitation shown after every article that has none of "
        "its own, e.g. 'Call us to book an assessment.' Leave empty to show none.",
    )

    # Fetched with the settings (one query per request, cached on the request by Wagtail).
    select_related = ["default_disclaimer", "contact_page"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("logo")],
            heading="Practice",
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("emergency_number"),
            ],
            heading="Contact details",
        ),
        MultiFieldPanel(
            [FieldPanel("default_disclaimer"), FieldPanel("contact_page")],
            heading="Site pages",
        ),
        FieldPanel("default_call_to_action"),
        FieldPanel("reading_age_target"),
        MultiFieldPanel(
            [
                FieldPanel("content_licence"),
                FieldPanel("content_licence_url"),
                FieldPanel("attribution"),
            ],
            heading="Republishing (shown in the API and to search engines)",
        ),
    ]

    class Meta:
        verbose_name = "practice settings"

    def __str__(self):
        return self.name

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    @property
    def licence(self):
        """{name, url} of the content licence, or None when none is chosen."""
        if not (self.content_licence or self.content_licence_url):
            return None
        return {"name": self.content_licence, "url": self.content_licence_url}
