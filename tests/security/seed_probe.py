"""Helper process for the seed fault tests (run: python -m tests.security.seed_probe ...).

die-after N   run `seed`, but SIGKILL this process when the N-th page row is saved: a
              real crash in the middle of the seed's transaction, no code of the seed changed.
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
    else:
        snapshot()
