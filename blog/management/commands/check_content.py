"""Run the content checks on every article, for cron and CI: exit code 1 when a live or
submitted article has a blocking result that no Clinical reviewer overrode."""

import json

from django.core.management.base import BaseCommand, CommandError

from blog.content_checks.bulk import check_all_articles
from core.exports import safe_dict_writer

CSV_COLUMNS = ["id", "title", "url", "state", "check", "severity", "overridden", "message"]
PROGRESS_EVERY = 50


class Command(BaseCommand):
    help = (
        "Check every article (red flags without a care card, disclaimer, emergency number, "
        "image alt text, links, reading age, sentence length). Results go to stdout, progress "
        "and the summary to stderr; exit code 1 when a live or submitted article has a "
        "blocking result."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["text", "json", "csv"],
            default="text",
            help="text (default); json: a list of {id, title, url, state, checks: [{check, "
            "severity, message, overridden}]}; csv: one row per result.",
        )

    def handle(self, *args, format, **options):
        def progress(done, total):
            if done % PROGRESS_EVERY == 0 and done < total:
                self.stderr.write(f"Checked {done} of {total} articles…")

        checked = check_all_articles(progress=progress)
        getattr(self, f"write_{format}")(checked)
        failing = [item for item in checked if item.must_not_block and item.blocking]
        with_warnings = sum(
            1 for item in checked if any(r.severity == "warning" for r in item.results)
        )
        summary = (
            f"Checked {len(checked)} article{'s' if len(checked) != 1 else ''}: "
            f"{len(failing)} live or submitted with blocking results, "
            f"{sum(1 for item in checked if item.blocking)} with blocking results in all, "
            f"{with_warnings} with warnings."
        )
        if failing:
            raise CommandError(summary, returncode=1)
        self.stderr.write(summary)

    def entry(self, item):
        return {
            "id": item.page.pk,
            "title": item.page.title,
            "url": item.page.full_url,
            "state": item.state,
            "checks": [result.as_dict() for result in item.results],
        }

    def write_json(self, checked):
        entries = [self.entry(item) for item in checked]
        self.stdout.write(json.dumps(entries, indent=2, ensure_ascii=False))

    def write_csv(self, checked):
        writer = safe_dict_writer(self.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for item in checked:
            for result in item.results:
                writer.writerow(
                    {
                        "id": item.page.pk,
                        "title": item.page.title,
                        "url": item.page.full_url or "",
                        "state": item.state,
                        **result.as_dict(),
                    }
                )

    def write_text(self, checked):
        clean = 0
        for item in checked:
            if not item.results:
                clean += 1
                continue
            self.stdout.write(f"{item.page.title} ({item.state}) {item.page.full_url or ''}")
            for result in item.results:
                severity = "OVERRIDDEN" if result.overridden else result.severity.upper()
                self.stdout.write(f"  {severity} {result.check}: {result.message}")
        self.stdout.write(f"{clean} article{'s' if clean != 1 else ''} with no results.")
