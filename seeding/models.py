from django.db import models


class SeedRecord(models.Model):
    """What the seed last wrote for one item of the content pack.

    A re-run compares it with the database to tell the seed's own work from an editor's: a
    page whose latest revision is not the one the seed published (or settings whose values
    are not the ones it wrote) were changed by someone since, and are left alone.
    """

    key = models.CharField(
        max_length=255, unique=True, help_text="e.g. 'page:home', 'article:<slug>'."
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    digest = models.CharField(max_length=64, help_text="SHA-256 of what the seed wrote.")
    revision_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The page revision the seed published."
    )
    seeded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        db_table = "home_seedrecord"  # created when the model lived in `home`

    def __str__(self):
        return self.key
