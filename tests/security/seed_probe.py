"""Helper process for the seed fault tests (run: python -m tests.security.seed_probe ...).

die-after N   run `seed`, but SIGKILL this process when the N-th page row is saved: a
              real crash in the middle of the seed's transaction, no code of the seed changed.
die-in-batch  run `seed`, but SIGKILL this process in the middle of writing a batch of new
              articles (pages, relations and revisions inserted; not yet live or logged).
snapshot      print, as JSON, the row count of every table of the project's apps.
"""

import json
import os
import signal
import sys

import django


def die_after(count):
    from django.core.management import call_command
    from django.db.models.signals import post_save
    from wagtail.models import Page

    saved = 0

    def kill_when_enough(sender, instance, **kwargs):
        nonlocal saved
        if isinstance(instance, Page):
            saved += 1
            if saved >= count:
                sys.stdout.write(f"killing seed after {saved} page saves\n")
                sys.stdout.flush()
                os.kill(os.getpid(), signal.SIGKILL)

    post_save.connect(kill_when_enough, weak=False)
    call_command("seed")


def die_in_batch():
    from django.core.management import call_command

    from seeding.bulk_publish import NewChildPages

    insert_revisions = NewChildPages._insert_revisions

    def insert_then_die(self, pages, created_at):
        revisions = insert_revisions(self, pages, created_at)
        sys.stdout.write(f"killing seed in a batch of {len(pages)} new pages\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)
        return revisions

    NewChildPages._insert_revisions = insert_then_die
    call_command("seed")


def snapshot():
    from django.apps import apps

    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in {"home", "blog", "wagtailcore", "taggit", "auth"}:
            counts[model._meta.label] = model._base_manager.count()
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "die-after":
        die_after(int(sys.argv[2]))
    elif sys.argv[1] == "die-in-batch":
        die_in_batch()
    else:
        snapshot()
