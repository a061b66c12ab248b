"""An editor in another process (run: python -m tests.cluster.changer, with the servers' env).

It reads one command per line on stdin, makes the change through Wagtail's own API (so the
same signals fire as for an admin action), and answers `done <command>` once the change is
committed (autocommit: each call below commits), or `error <message>`. One long-lived process
instead of a `manage.py shell -c` per change: Django starts once (~2 s), the test stays fast.

    unpublish SLUG      unpublish the page
    publish SLUG        publish the page's latest revision
    restrict SLUG       add a password view restriction
    unrestrict SLUG     remove its view restrictions
    practice-name NAME  rename the practice (site settings, shown on every page)
"""

import os
import sys
import traceback

import django


def page(slug):
    from wagtail.models import Page

    return Page.objects.get(slug=slug).specific


def unpublish(slug):
    page(slug).unpublish()


def publish(slug):
    page(slug).get_latest_revision().publish()


def restrict(slug):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=page(slug), restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )


def unrestrict(slug):
    for restriction in page(slug).view_restrictions.all():
        restriction.delete()


def practice_name(name):
    from django.apps import apps
    from django.conf import settings

    practice = apps.get_model(settings.SITE_SETTINGS_MODEL).objects.get()
    practice.name = name
    practice.save()


COMMANDS = {
    "unpublish": unpublish,
    "publish": publish,
    "restrict": restrict,
    "unrestrict": unrestrict,
    "practice-name": practice_name,
}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    django.setup()
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        try:
            COMMANDS[command](argument)
        except Exception:
            print("error " + traceback.format_exc().replace("\n", " | "), flush=True)
        else:
            print(f"done {command}", flush=True)


if __name__ == "__main__":
    main()
