"""Seed the site from the content pack (default fixtures/): see fixtures/README.md."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seeding.seed import SeedError, seed


class Command(BaseCommand):
    help = (
        "Create or update the site from a content pack, in one transaction. Pages an editor "
        "changed since they were seeded are left alone unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            metavar="DIR",
            default=settings.BASE_DIR / "fixtures",
            help="the content pack directory (default: fixtures/)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument(
            "--force", action="store_true", help="overwrite items edited since seeding"
        )

    def handle(self, *args, fixtures, dry_run, force, **options):
        self.stdout.write(f"seeding from {fixtures}{' (dry run)' if dry_run else ''}")
        try:
            with quiet_logs(options["verbosity"] < 2):
                report = seed(fixtures, force=force, dry_run=dry_run, progress=self.progress)
        except SeedError as error:
            raise CommandError(f"{error}\nnothing was written") from error
        for line in report.lines:
            self.stdout.write(line)
        if report.outcome():
            self.stdout.write(report.outcome())
        self.stdout.write(report.summary())

    def progress(self, done, total, seconds):
        """A line every tenth of a large pack: long seeds show they are moving."""
        self.stdout.write(f"  {done:,}/{total:,} articles ({done / total:.0%}) in {seconds:.0f} s")
        self.stdout.flush()


@contextmanager
def quiet_logs(enabled):
    """Hide Wagtail's per-page and django_tasks' per-task INFO lines (one line per item here)."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")] if enabled else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
