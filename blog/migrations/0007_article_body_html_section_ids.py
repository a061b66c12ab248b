"""Existing articles' body_html re-rendered, so their `## ` headings get the section ids
(core.markdown_sections) that anchors, "On this page" and the API's `sections` read.

Nothing else needs carrying: an article with no `disclaimer_text` shows its chosen or the
site's default disclaimer, exactly as before; `call_to_action_text` keeps its value (empty
ones now show the practice's default invitation, which is empty until the practice writes
one, instead of a sentence of ours); care cards and captions start empty.

Uses today's renderer (core.markdown), as the page's own save would: an old revision
published later is re-rendered on its save too.
"""

from django.db import migrations

from core.markdown import markdown_to_html


def render_section_ids(apps, schema_editor):
    article_model = apps.get_model("blog", "ConditionArticlePage")
    for article in article_model.objects.only("pk", "body", "body_html").iterator():
        html = markdown_to_html(article.body)
        if html != article.body_html:
            article_model.objects.filter(pk=article.pk).update(body_html=html)


class Migration(migrations.Migration):
    dependencies = [("blog", "0006_article_care_cards_caption_disclaimer_text")]

    operations = [migrations.RunPython(render_section_ids, migrations.RunPython.noop)]
