"""Property: any bytes give an Article or a SourceError naming the file, never anything else;
any Article builds a pack that validates against the schema."""

import json
import os
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contentpack import SourceError, parse
from contentpack.defaults import SITE_DEFAULTS
from contentpack.pack import build_from
from contentpack.schema import SLUG

# More examples when hunting: PROPERTY_EXAMPLES=5000 pytest tests/contentpack/test_properties.py
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", 400))

# Pieces of the format, so generated texts often look like real sources.
PIECES = st.sampled_from(
    [
        "\n", "\n\n", "\r\n", "\r", " ", "\u00a0", "\t", "\ufeff", ".", "?", "!", "…", "’",
        "–", "“", "Tags:", ",", "neck pain", "photo credit", "Photo credit: X", "Caption: y",
        "Contact us today.", "Call us.", "Book an appointment now.",
        "See your doctor instead of self-diagnosing.", "not a substitute for medical advice.",
        "read the other articles regarding back pain on our site.", "#", "*", "_", "[", "<",
        "Title", "A sentence. ", "word", "É", "ß", "中文",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


def check(data):
    try:
        article = parse("src/x.txt", data)
    except SourceError as error:
        assert re.match(r"^src/x\.txt(:\d+)?: \S", str(error)), str(error)
        return None
    assert article.title and len(article.title) <= 255
    assert article.body.strip()
    assert 0 < len(article.summary) <= 300
    assert SLUG.match(article.slug)
    assert "\u00a0" not in article.body + article.summary + article.title
    assert "" not in article.tags
    return article


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example(b"x\n\n\x00")
def test_any_bytes(data):
    check(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("T\n\nContact us today.")
@example("T\n\nneck pain")
@example("T\n\nTags: ,")
@example("…\n\n.")
def test_any_text_parses_or_fails_clearly_and_builds_a_valid_pack(text):
    data = text.encode("utf-8", "surrogatepass")
    article = check(data)
    if article is None:
        return
    files = build_from([("src/x.txt", data)], json.loads(json.dumps(SITE_DEFAULTS)))
    assert set(files) == {"site.json", f"articles/{article.slug}.json"}
