"""List live articles due for clinical review, for a cron job or an email digest."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from blog.review import days_until_due, due_status, due_window_days, review_due_articles
from core.exports import safe_dict_writer

CSV_COLUMNS = [
    "title",
    "status",
    "days_until_due",
    "next_review_due",
    "last_reviewed",
    "reviewed_by",
    "url",
    "edit_url",
]


def non_negative_int(value):
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"--days must be a whole number of days, not {value!r}") from None
    if number < 0:
        raise CommandError(f"--days must be 0 or more, not {number}")
    return number


class Command(BaseCommand):
    help = (
        "List live articles whose next clinical review is past, within --days "
        "(default CLINICAL_REVIEW_DUE_WINDOW_DAYS), or not set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=str, default=None, help="Due within this many days.")
        parser.add_argument("--format", choices=["text", "csv"], default="text")

    def handle(self, *args, days, format, **options):
        days = due_window_days() if days is None else non_negative_int(days)
        today = timezone.localdate()
        articles = review_due_articles(days, today).order_by(
            F("next_review_due").asc(nulls_first=True), "title"
        )
        rows = [self.row(article, today) for article in articles]
        if format == "csv":
            writer = safe_dict_writer(self.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            return
        if not rows:
            self.stdout.write(f"No articles due for clinical review within {days} days.")
            return
        self.stdout.write(
            f"{len(rows)} article(s) due for clinical review within {days} days "
            f"(as of {today:%Y-%m-%d}):"
        )
        for row in rows:
            self.stdout.write(
                f"- {row['title']}: {row['status']} "
                f"(next review {row['next_review_due'] or 'not set'}). Edit: {row['edit_url']}"
            )

    def row(self, article, today):
        edit_path = reverse("wagtailadmin_pages:edit", args=[article.pk])
        return {
            "title": article.title,
            "status": due_status(article, today),
            "days_until_due": days_until_due(article, today),
            "next_review_due": article.next_review_due or "",
            "last_reviewed": article.last_reviewed or "",
            "reviewed_by": article.reviewed_by or "",
            "url": article.full_url or "",
            "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + edit_path,
        }
