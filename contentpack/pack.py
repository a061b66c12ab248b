"""Build, write and check a content pack: `site.json` plus `articles/<slug>.json`.

Everything is built in memory first; files are written only when every source parsed and the
pack validated, each through a temporary file and `os.replace`, so a failed build leaves the
output directory as it was.
"""

import copy
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from . import schema
from .defaults import SITE_DEFAULTS
from .errors import PackError, SourceError
from .parse import parse
from .text import escape_markdown, first_sentences, normalise

SCHEMA = schema.SCHEMA
SITE_FILE = "site.json"
ARTICLES_DIR = "articles"
FEATURED_DEFAULT = 6
MAX_DISCLAIMER_SUMMARY = 500  # DisclaimerPage.summary
UMASK = os.umask(0o022)
os.umask(UMASK)


def dumps(data):
    """The one JSON layout of the pack: sorted keys, 2-space indent, UTF-8, final newline."""
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def load_site_data(path):
    """The practice's site data merged over the defaults (a missing file = the defaults)."""
    site = copy.deepcopy(SITE_DEFAULTS)
    if path is None or not Path(path).exists():
        return site
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 1)
        raise SourceError(path, line, f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise SourceError(path, 1, "must be a JSON object")
    for key, value in data.items():
        if key not in site:
            raise SourceError(path, None, f"unknown key {key!r} (known: {', '.join(site)})")
        if isinstance(site[key], dict) and isinstance(value, dict):
            unknown = set(value) - set(site[key])
            if unknown:
                raise SourceError(path, None, f"{key}: unknown key(s) {sorted(unknown)}")
            site[key].update(value)
        else:
            site[key] = value
    return site


def article_json(article):
    return {
        "schema": SCHEMA,
        "source": PurePath(article.source).name,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "topics": [topic.slug for topic in article.topics],
        "tags": article.tags,
        "image_credit": article.image_credit,
        "image_caption": article.image_caption,
        "call_to_action": article.call_to_action,
        "disclaimer": article.disclaimer,
        "care_cards": [
            {"level": card.level, "heading": card.heading, "text": card.text}
            for card in article.care_cards
        ],
        "fragments": [{"kind": f.kind, "text": f.text, "line": f.line} for f in article.fragments],
    }


def site_json(articles, site):
    """site.json: the site-level pages, settings and the list of articles and topics."""
    slugs = [article.slug for article in articles]
    topics = {}
    for article in articles:
        for topic in article.topics:
            topics.setdefault(topic.slug, topic.name)
    disclaimer = dict(site["disclaimer"])
    default_text = normalise(disclaimer.pop("text"))
    with_text = [a for a in articles if a.disclaimer]
    text = with_text[0].disclaimer if with_text else default_text
    alternatives = []
    for article in with_text[1:]:
        known = [text] + [alt["text"] for alt in alternatives]
        if article.disclaimer not in known:
            alternatives.append(
                {"source": PurePath(article.source).name, "text": article.disclaimer}
            )
    disclaimer.update(
        summary=first_sentences(text.replace("\n\n", " "), MAX_DISCLAIMER_SUMMARY),
        body="\n\n".join(escape_markdown(p) for p in text.split("\n\n")),
        source=PurePath(with_text[0].source).name if with_text else None,
    )
    home = dict(site["home"])
    home["featured"] = list(home["featured"]) or slugs[:FEATURED_DEFAULT]
    return {
        "schema": SCHEMA,
        "articles": slugs,
        "topics": [{"slug": slug, "name": topics[slug]} for slug in sorted(topics)],
        "home": home,
        "article_index": site["article_index"],
        "disclaimer": disclaimer,
        "alternative_disclaimers": alternatives,
        "contact": site["contact"],
        "practice": site["practice"],
        "people": site["people"],
    }


def build(sources, site_data=None):
    """Source files -> {relative path: bytes} of a complete pack, or raise SourceError.

    `sources` are paths; `site_data` is the practice's site data file (optional).
    """
    return build_articles(sources, site_data)[0]


def build_articles(sources, site_data=None):
    """Like `build`, and the parsed articles too (their `placements` say where each
    paragraph went)."""
    site = load_site_data(site_data)
    named = []
    for path in sources:
        try:
            named.append((path, Path(path).read_bytes()))
        except OSError as error:
            raise SourceError(path, None, f"cannot read: {error.strerror}") from None
    return _build(named, site)


def build_from(sources, site):
    """[(path, bytes)] and merged site data -> {relative path: bytes}; nothing touches disk."""
    return _build(sources, site)[0]


def _build(sources, site):
    index_slug = site["article_index"]["slug"]
    articles, by_slug = [], {}
    for path, data in sorted(sources, key=lambda source: PurePath(source[0]).name):
        article = parse(path, data, topic_url=lambda slug: f"/{index_slug}/topic/{slug}/")
        if article.slug in by_slug:
            raise SourceError(
                path, 1, f"slug {article.slug!r} is already used by {by_slug[article.slug]}"
            )
        by_slug[article.slug] = path
        articles.append(article)
    files = {SITE_FILE: site_json(articles, site)}
    for article in articles:
        files[f"{ARTICLES_DIR}/{article.slug}.json"] = article_json(article)
    errors = schema.validate(files)
    if errors:
        raise PackError(errors)
    return {name: dumps(data) for name, data in files.items()}, articles


@dataclass
class Difference:
    path: str
    status: str  # "new", "changed", "stale" (in the directory but not built)


def compare(files, out_dir):
    """How `out_dir` differs from the built `files`."""
    out_dir = Path(out_dir)
    differences = []
    for name, content in sorted(files.items()):
        target = out_dir / name
        if not target.exists():
            differences.append(Difference(name, "new"))
        elif target.read_bytes() != content:
            differences.append(Difference(name, "changed"))
    articles_dir = out_dir / ARTICLES_DIR
    if articles_dir.is_dir():
        for stale in sorted(articles_dir.glob("*.json")):
            name = f"{ARTICLES_DIR}/{stale.name}"
            if name not in files:
                differences.append(Difference(name, "stale"))
    return differences


def write(files, out_dir):
    """Write the changed files atomically and remove stale article files; return differences."""
    out_dir = Path(out_dir)
    differences = compare(files, out_dir)
    staged = []
    try:
        for difference in differences:
            if difference.status == "stale":
                continue
            target = out_dir / difference.path
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(files[difference.path])
            os.chmod(temp, 0o666 & ~UMASK)  # mkstemp makes 0600 files
            staged.append((temp, target))
    except BaseException:
        for temp, _ in staged:
            os.unlink(temp)
        raise
    for temp, target in staged:
        os.replace(temp, target)
    for difference in differences:
        if difference.status == "stale":
            (out_dir / difference.path).unlink()
    return differences


@dataclass
class Pack:
    site: dict
    articles: Sequence  # article dicts, in site.json's order (read from disk when asked for)


class Articles(Sequence):
    """A pack's articles in site.json's order, each read from its file when asked for, so a
    pack of 10,000 articles is not held in memory. `read()` validated every file; one that
    no longer validates (changed since) raises PackError."""

    def __init__(self, pack_dir, slugs):
        self.pack_dir, self.slugs = Path(pack_dir), list(slugs)

    def __len__(self):
        return len(self.slugs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        slug = self.slugs[index]
        name = f"{ARTICLES_DIR}/{slug}.json"
        errors = []
        data = _load(self.pack_dir, name, errors)
        if data is not None:
            errors = schema.field_errors(name, schema.ARTICLE, data)
        if errors or data["slug"] != slug:
            raise PackError([f"{name}: changed since the pack was validated", *errors])
        return data


def _load(pack_dir, name, errors):
    """The parsed JSON of `name`, or None with the reason appended to `errors`."""
    try:
        return json.loads((pack_dir / name).read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        errors.append(f"{name}: not UTF-8 ({error.reason} at byte {error.start})")
    except json.JSONDecodeError as error:
        errors.append(f"{name}:{error.lineno}: not valid JSON: {error.msg}")
    return None


def read(pack_dir):
    """Read and validate a pack directory; raise PackError listing every problem.

    Reports what `schema.validate` would for the whole pack, but keeps only each article's
    slug and topics (for the cross-file checks) in memory: `Pack.articles` reads them again."""
    pack_dir = Path(pack_dir)
    if not (pack_dir / SITE_FILE).is_file():
        raise PackError([f"{pack_dir / SITE_FILE}: missing (is {pack_dir} a content pack?)"])
    names = [SITE_FILE] + [
        f"{ARTICLES_DIR}/{path.name}" for path in sorted((pack_dir / ARTICLES_DIR).glob("*.json"))
    ]
    site, stubs, parse_errors, article_errors = None, {}, [], []
    for name in names:
        data = _load(pack_dir, name, parse_errors)
        if data is None:
            continue
        if name == SITE_FILE:
            site = data
            continue
        errors = schema.field_errors(name, schema.ARTICLE, data)
        article_errors.extend(errors)
        if not errors:
            stubs[name] = {"slug": data["slug"], "topics": data["topics"]}
    if parse_errors:
        raise PackError(parse_errors)
    errors = schema.field_errors(SITE_FILE, schema.SITE, site) + article_errors
    if errors:
        raise PackError(errors)
    errors = schema.references(site, stubs)
    if errors:
        raise PackError(errors)
    return Pack(site, Articles(pack_dir, site["articles"]))
