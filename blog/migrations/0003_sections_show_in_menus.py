# The navigation now comes from Wagtail's "Show in menus" (core.site_objects): tick it on
# the Articles index and the contact page, which the navigation listed before, and in their
# latest revision, so that publishing a draft made before this keeps them in the menu.

from django.db import migrations

SECTIONS = [("blog", "ArticleIndexPage"), ("home", "ContactPage")]


def show_sections_in_menus(apps, schema_editor):
    Revision = apps.get_model("wagtailcore", "Revision")
    for app_label, model_name in SECTIONS:
        model = apps.get_model(app_label, model_name)
        pages = model.objects.filter(show_in_menus=False)
        revision_ids = [pk for pk in pages.values_list("latest_revision_id", flat=True) if pk]
        pages.update(show_in_menus=True)
        for revision in Revision.objects.filter(pk__in=revision_ids):
            revision.content["show_in_menus"] = True
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_initial"),
        ("home", "0003_seedrecord_moved_to_seeding"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(show_sections_in_menus, migrations.RunPython.noop)]
