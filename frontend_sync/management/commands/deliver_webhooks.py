"""`python manage.py deliver_webhooks [--once]`: the webhook worker (frontend_sync.delivery).

Runs until stopped (SIGTERM/SIGINT finish the delivery in flight, then exit), also through
database outages (logged, retried with backoff: `run_forever`); `--once` delivers what is due
and exits, for cron or tests. Prints a line per delivery and a summary. It never creates a
missing SQLite file.
"""

import signal
import time

from django.core.management.base import BaseCommand, CommandError

from core.errors import open_sqlite_files_only_if_they_exist
from frontend_sync.delivery import deliver_due, run_forever


class Command(BaseCommand):
    help = "Send pending webhook deliveries, retrying failed ones with exponential backoff."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Deliver what is due and exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds between checks when nothing is due (default 2).",
        )

    def handle(self, *args, once=False, interval=2.0, **options):
        if not interval > 0:
            raise CommandError("--interval must be a positive number of seconds")
        progress = self.stdout.write
        open_sqlite_files_only_if_they_exist()
        if once:
            started = time.monotonic()
            result = deliver_due(progress=progress)
            self.stdout.write(result.summary(time.monotonic() - started))
            return
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"delivering webhooks (every {interval:g} s when idle)")
        run_forever(interval, progress, should_stop=lambda: bool(stopping))
        self.stdout.write("stopped")
