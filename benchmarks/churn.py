"""The editor of the churn load (benchmarks/load.py --churn), in a process of its own.

    python -m benchmarks.churn --interval 5 --duration 30 SLUG_A SLUG_B

With the servers' environment. First it publishes SLUG_A and unpublishes SLUG_B; then every
`interval` seconds it unpublishes the live one and publishes the other, each publish with a
new title marker `[churn A<k>]` (or B), so every response says which version it shows.
After each change has committed it prints one JSON line: {"t": time.time(), "slug": …,
"live": …, "k": …}. It prints "ready" after the first two changes, and stops after
`duration` seconds (plus the last change).
"""

import argparse
import json
import os
import re
import sys
import time

import django

MARKER = re.compile(r" \[churn [AB]\d+\]$")


def change(slug, live, k, letter):
    from wagtail.models import Page

    page = Page.objects.get(slug=slug).specific
    if live:
        revision_page = page.get_latest_revision_as_object()
        revision_page.title = MARKER.sub("", revision_page.title) + f" [churn {letter}{k}]"
        revision_page.save_revision().publish()
    elif page.live:
        page.unpublish()
    print(json.dumps({"t": time.time(), "slug": slug, "live": live, "k": k}), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("slugs", nargs=2)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    django.setup()
    slugs = dict(zip("AB", args.slugs, strict=True))
    k = 0
    change(slugs["A"], True, k, "A")
    change(slugs["B"], False, k, "B")
    print("ready", flush=True)
    live = "A"
    started = time.monotonic()
    while True:
        tick = started + (k + 1) * args.interval
        if tick > started + args.duration:
            break
        time.sleep(max(0.0, tick - time.monotonic()))
        k += 1
        other = "B" if live == "A" else "A"
        change(slugs[live], False, k, live)
        change(slugs[other], True, k, other)
        live = other
    return 0


if __name__ == "__main__":
    sys.exit(main())
