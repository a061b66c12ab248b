# SeedRecord, moved here from `home`: the table (home_seedrecord) already exists, created by
# home.0002_seed_record, so this only adds the model to seeding's migration state.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("home", "0003_seedrecord_moved_to_seeding"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SeedRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "key",
                            models.CharField(
                                help_text="e.g. 'page:home', 'article:<slug>'.",
                                max_length=255,
                                unique=True,
                            ),
                        ),
                        (
                            "digest",
                            models.CharField(help_text="SHA-256 of what the seed wrote.", max_length=64),
                        ),
                        (
                            "revision_id",
                            models.PositiveBigIntegerField(
                                blank=True, help_text="The page revision the seed published.", null=True
                            ),
                        ),
                        ("seeded_at", models.DateTimeField(auto_now=True)),
                        (
                            "page",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                    ],
                    options={"ordering": ["key"], "db_table": "home_seedrecord"},
                )
            ],
            database_operations=[],
        )
    ]
