"""Every text of the labelled corpus (fixtures/corpus/) and the shipped source, built, seeded and
checked by `check_content`, gives the results committed in fixtures/corpus/content_checks.json.

Besides what each article gives as seeded (its care cards in place), the file records which
red flags each text would raise if its immediate and urgent care cards were ordinary body
text: the red-flag check is measured on real wording, not only on the absence of findings.

After a deliberate change to the rules, rewrite the file with
`WRITE_CONTENT_CHECK_EXPECTATIONS=1 pytest tests/blog/test_content_checks_corpus.py` (the test
then fails, so a rewrite never passes unseen) and review the diff text by text.
"""

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.content_checks import rules
from blog.content_checks.articles import article_text, practice_settings
from blog.content_checks.engine import red_flags
from blog.content_checks.html_parts import html_parts
from blog.models import ConditionArticlePage
from contentpack import pack as content_pack
from tests.contentpack.test_corpus import CORPUS, MANIFEST, NAMES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

EXPECTATIONS = Path(CORPUS) / "content_checks.json"
SHIPPED = "muscle-spasms-or-trigger-points.txt"
SHIPPED_PACK = Path(CORPUS).parent  # fixtures/: the pack `seed` loads by default


@pytest.fixture(scope="module")
def corpus_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus-pack")
    content_pack.write(content_pack.build([CORPUS / f"{name}.txt" for name in NAMES]), out)
    return out


def checked_by_command(*seed_args):
    """{page id: [result dicts]}: `check_content --format json` after seeding a pack."""
    call_command("seed", *seed_args, stdout=StringIO())
    out = StringIO()
    call_command("check_content", "--format", "json", stdout=out, stderr=StringIO())
    return {entry["id"]: entry["checks"] for entry in json.loads(out.getvalue())}


def red_flags_without_acting_cards(page):
    """The red flags raised when the immediate/urgent cards are read as body paragraphs."""
    text = article_text(page, settings=practice_settings(page))
    acting = [card for card in text.care_cards if card.level in rules.ACTING_LEVELS]
    body = text.body_html + "".join(f"<p>{card.words}</p>" for card in acting)
    demoted = type(text)(**{**text.__dict__, "body_html": body, "care_cards": ()})
    messages = [result.message for result in red_flags(demoted, html_parts(body))]
    return [
        flag.name
        for flag in rules.RED_FLAGS
        if any(f"Mentions {flag.label} (" in m for m in messages)
    ]


def observed(pack_args, source_of_slug):
    by_id = checked_by_command(*pack_args)
    found = {}
    for page in ConditionArticlePage.objects.order_by("path"):
        source = source_of_slug[page.slug]
        found[source] = {
            "checks": [
                {key: result[key] for key in ("check", "severity", "message")}
                for result in by_id[page.pk]
            ],
            "red_flags_without_acting_cards": red_flags_without_acting_cards(page),
        }
    return found


def pack_sources(pack_dir):
    site = json.loads((pack_dir / "site.json").read_text())
    return {
        slug: json.loads((pack_dir / "articles" / f"{slug}.json").read_text())["source"]
        for slug in site["articles"]
    }


def compare(section, found):
    """`found` against the committed section (or, when asked, rewrite the section)."""
    if os.environ.get("WRITE_CONTENT_CHECK_EXPECTATIONS"):
        whole = json.loads(EXPECTATIONS.read_text()) if EXPECTATIONS.exists() else {}
        whole[section] = found
        EXPECTATIONS.write_text(json.dumps(whole, indent=2, ensure_ascii=False) + "\n")
        pytest.fail(f"wrote {EXPECTATIONS} [{section}]: review the diff, then run again")
    expected = json.loads(EXPECTATIONS.read_text())[section]
    for source in sorted(expected):
        assert found.get(source) == expected[source], source
    assert found == expected


def test_every_corpus_text_gives_the_committed_results(corpus_pack):
    split = {f"{name}.txt": kind for kind in ("tune", "heldout") for name in MANIFEST[kind]}
    corpus = observed(["--fixtures", str(corpus_pack)], pack_sources(corpus_pack))
    assert set(corpus) == set(split)  # every corpus text was seeded and checked
    compare(
        "corpus",
        {source: {"split": split[source], **result} for source, result in sorted(corpus.items())},
    )
    # The red-flag check has real wording to work on: many texts raise flags without cards.
    raising = [r for r in corpus.values() if r["red_flags_without_acting_cards"]]
    assert len(raising) >= 20


def test_the_shipped_source_gives_the_committed_results():
    shipped = observed([], pack_sources(SHIPPED_PACK))
    assert set(shipped) == {SHIPPED}
    compare("shipped", shipped)
