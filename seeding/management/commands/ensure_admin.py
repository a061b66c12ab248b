"""Create the first admin account, once. The password comes from ADMIN_PASSWORD or is
generated and printed a single time: no fixed password is ever published."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser if it does not exist and say how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin: log in at /admin/ as '{username}' with the password printed when it was "
                "created (or reset it: .venv/bin/python manage.py changepassword " + username + ")."
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = "from ADMIN_PASSWORD" if os.environ.get("ADMIN_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: log in at /admin/ as '{username}' with password: {shown}\n"
                "(shown once; reset with: .venv/bin/python manage.py changepassword "
                + username
                + ")"
            )
        )
