"""The labelled corpus (fixtures/corpus/, 70 texts) built into one pack, seeded into the
database and every article rendered by the site: each article shows its own disclaimer (the
corpus has several different ones: none is dropped), and every source sentence appears
exactly once on its article page, typography kept. Bad packs are refused, nothing written."""

import json
import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from blog.models import ConditionArticlePage
from contentpack import pack as content_pack
from tests.contentpack.test_corpus import CORPUS, NAMES, normalise, source_sentences

from .test_seed import db_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

# Elements that end a line of text on the page: their words never run into the next ones.
BLOCKS = ["p", "li", "h1", "h2", "h3", "dt", "dd", "figcaption", "div", "section", "aside"]
HOST = {"HTTP_HOST": "127.0.0.1:8000"}


@pytest.fixture(scope="module")
def corpus_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus-pack")
    content_pack.write(content_pack.build([CORPUS / f"{name}.txt" for name in NAMES]), out)
    return out


def seed(pack):
    out = StringIO()
    call_command("seed", "--fixtures", str(pack), stdout=out)
    return out.getvalue()


def pack_articles(pack):
    site = json.loads((pack / "site.json").read_text())
    return site, {
        slug: json.loads((pack / "articles" / f"{slug}.json").read_text())
        for slug in site["articles"]
    }


def article_text(client, page):
    """The words of the page's <article> (not the related articles after it), a space
    between blocks."""
    response = client.get(page.url, **HOST)
    assert response.status_code == 200, page.url
    article = BeautifulSoup(response.content.decode(), "html.parser").find("main").article
    for block in article.find_all(BLOCKS):
        block.insert_before(" ")
        block.append(" ")
    return normalise(article.get_text())


def test_each_article_shows_its_own_disclaimer_and_none_is_dropped(client, corpus_pack):
    site, articles = pack_articles(corpus_pack)
    alternatives = site["alternative_disclaimers"]
    assert len(alternatives) >= 2  # the corpus has differing disclaimers: else no test
    seed(corpus_pack)
    pages = {page.slug: page for page in ConditionArticlePage.objects.live()}
    assert set(pages) == set(articles)
    default = site["disclaimer"]["summary"]
    by_source = {article["source"]: article for article in articles.values()}
    for slug, article in articles.items():
        page = pages[slug]
        assert page.disclaimer_text == (article["disclaimer"] or ""), slug
        notice = (
            BeautifulSoup(client.get(page.url, **HOST).content.decode(), "html.parser")
            .find(attrs={"role": "note"})
            .get_text(" ")
        )
        own = article["disclaimer"]
        expected = own.split("\n\n")[0] if own else default
        assert normalise(expected) in normalise(notice), slug
        others = {a["text"] for a in alternatives} - {own}
        assert not any(normalise(text) in normalise(notice) for text in others), slug
    for alternative in alternatives:  # each shown on its own article
        assert by_source[alternative["source"]]["disclaimer"] == alternative["text"]


def test_every_source_sentence_exactly_once_on_its_page(client, corpus_pack):
    _, articles = pack_articles(corpus_pack)
    seed(corpus_pack)
    by_source = {article["source"]: article for article in articles.values()}
    pages = {page.slug: page for page in ConditionArticlePage.objects.live()}
    typography = re.compile("[‘’“”–—]")
    failures, typographic, checked = [], 0, 0
    for name in NAMES:
        article = by_source[f"{name}.txt"]
        text = article_text(client, pages[article["slug"]]).casefold()
        assert "\\" not in text and "&amp;" not in text and "&#" not in text, name
        invented = "contact us to book an assessment."  # the template's old sentence
        source = (CORPUS / f"{name}.txt").read_text(encoding="utf-8-sig").casefold()
        assert invented in source or invented not in text, name
        for sentence in source_sentences(name):
            checked += 1
            typographic += bool(typography.search(sentence))
            found = text.count(sentence.casefold())
            if found != 1:
                failures.append((name, found, sentence))
    assert not failures, failures[:10]
    assert checked > 70 * 5 and typographic > 20  # curly quotes and dashes were compared


def test_an_alternative_disclaimer_no_article_shows_is_refused(corpus_pack, tmp_path):
    """A pack whose alternative_disclaimers are not their articles' own (a hand-edited or
    stale pack) would lose them: the seed names the field and writes nothing."""
    pack = tmp_path / "pack"
    content_pack.write(
        {
            path.relative_to(corpus_pack).as_posix(): path.read_bytes()
            for path in corpus_pack.rglob("*.json")
        },
        pack,
    )
    site = json.loads((pack / "site.json").read_text())
    source = site["alternative_disclaimers"][1]["source"]
    slug = next(
        s
        for s in site["articles"]
        if json.loads((pack / "articles" / f"{s}.json").read_text())["source"] == source
    )
    path = pack / "articles" / f"{slug}.json"
    article = json.loads(path.read_text())
    article["disclaimer"] = None
    path.write_text(json.dumps(article, ensure_ascii=False))
    before = db_state()
    with pytest.raises(CommandError) as error:
        seed(pack)
    assert f"site.json: field 'alternative_disclaimers.1': the disclaimer of {source}" in str(
        error.value
    )
    assert "nothing was written" in str(error.value)
    assert db_state() == before
    assert not ConditionArticlePage.objects.exists()


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ({"level": "soon", "heading": None, "text": "See us."}, "care_cards"),
        ({"level": "urgent", "heading": None, "text": ""}, "care_cards"),
    ],
)
def test_a_bad_care_card_is_named_and_nothing_written(corpus_pack, tmp_path, card, message):
    pack = tmp_path / "pack"
    files = {
        p.relative_to(corpus_pack).as_posix(): p.read_bytes() for p in corpus_pack.rglob("*.json")
    }
    content_pack.write(files, pack)
    slug = json.loads((pack / "site.json").read_text())["articles"][3]
    path = pack / "articles" / f"{slug}.json"
    article = json.loads(path.read_text())
    good = {"level": "urgent", "heading": "Get help today if:", "text": "- it gets worse"}
    article["care_cards"] = [good, card]
    path.write_text(json.dumps(article, ensure_ascii=False))
    before = db_state()
    with pytest.raises(CommandError) as error:
        seed(pack)
    assert f"articles/{slug}.json: field '{message}" in str(error.value), str(error.value)
    assert db_state() == before

    article["care_cards"] = [good]  # the good card alone is seeded
    path.write_text(json.dumps(article, ensure_ascii=False))
    seed(pack)
    page = ConditionArticlePage.objects.get(slug=slug)
    assert [(c.level, c.heading, c.html) for c in page.care_cards.all()] == [
        ("urgent", "Get help today if:", "<ul>\n<li>it gets worse</li>\n</ul>")
    ]
