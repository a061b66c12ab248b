from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """Loads the content pack (fixtures/) into Wagtail: the `seed` and `build_fixtures`
    commands, the record of what the seed wrote, and the editorial set-up it creates."""

    name = "seeding"
    verbose_name = "Content pack seeding"
