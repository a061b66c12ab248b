# SeedRecord moved to the `seeding` app. Its table keeps its name (home_seedrecord, set as
# db_table in seeding.models), so this only removes the model from home's migration state.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("home", "0002_seed_record")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SeedRecord")],
            database_operations=[],
        )
    ]
