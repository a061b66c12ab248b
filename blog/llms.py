"""/llms.txt (the llmstxt.org format): the articles an agent may rely on, with their Markdown.

Only live, public articles that were clinically reviewed and are not overdue for review are
listed: an agent quoting health advice should quote advice someone vouched for recently. Each
links to its Markdown document (`?format=md` on the API detail: `core.markdown_export`).
"""

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.api.utils import get_base_url
from wagtail.models import Site

from core.visibility import live_public
from home.models import PracticeSettings

from .models import ConditionArticlePage


def reviewed_articles(site, today=None):
    today = today or timezone.localdate()
    return (
        live_public(ConditionArticlePage, site)
        .filter(last_reviewed__isnull=False, next_review_due__gte=today)
        .order_by("title")
    )


@require_safe
def llms_txt(request):
    site = Site.find_for_request(request)
    practice = PracticeSettings.for_site(site) if site else None
    name = (practice.name if practice else "") or "Health practice"
    base = get_base_url(request) or ""
    lines = [
        f"# {name}",
        "",
        "> Condition articles by a health practice. Listed here: the articles a clinician "
        "has reviewed and that are not overdue for review. General information, not a "
        "diagnosis.",
        "",
        "## Articles",
        "",
    ]
    for article in reviewed_articles(site):
        url = f"{base}/api/v2/pages/{article.pk}/?format=md"
        lines.append(f"- [{article.title}]({url}): {' '.join(article.summary.split())}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
