"""Build the content pack in fixtures/ from the source texts (see fixtures/README.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contentpack import cli


class Command(BaseCommand):
    help = "Build the JSON content pack from source texts (fixtures/source/*.txt -> fixtures/)."

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, sources, out, check, site_data, explain, **options):
        status = cli.run(
            sources, out, check, site_data, settings.BASE_DIR, self.stdout, self.stderr, explain
        )
        if status:
            raise CommandError("build_fixtures failed (see above)")
