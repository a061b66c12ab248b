"""The content pack's schema, as data, and its validator (no dependencies).

`validate(files)` takes {relative path: parsed JSON} and returns a list of errors such as
`articles/x.json: field 'summary': must be a non-empty string`, checking every field's type and
length (the model's limits) and the references between files.
"""

import re

SCHEMA = "health-content-pack/2"
CARE_LEVELS = ("immediate", "urgent", "non-urgent")  # most to least severe
SLUG = re.compile(r"^[-\w]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELD_TYPES = {
    "singleline", "multiline", "email", "number", "url", "checkbox", "checkboxes",
    "dropdown", "multiselect", "radio", "date", "datetime", "hiddenfield",
}  # fmt: skip


class Spec:
    """A field spec: `errors(value)` yields (path inside the value, message) pairs."""

    def errors(self, value):
        message = self.message(value)
        return [("", message)] if message else []

    def message(self, value):
        return None


class Str(Spec):
    def __init__(self, max_length=None, blank=False, null=False, pattern=None, what=None):
        self.max_length, self.blank, self.null = max_length, blank, null
        self.pattern, self.what = pattern, what

    def message(self, value):
        if value is None and self.null:
            return None
        if not isinstance(value, str):
            return "must be a string" + (" or null" if self.null else "")
        if not value.strip() and not self.blank:
            return "must be a non-empty string"
        if self.max_length and len(value) > self.max_length:
            return f"must be at most {self.max_length} characters (is {len(value)})"
        if value and self.pattern and not self.pattern.match(value):
            return f"must be {self.what}"
        return None


class Const(Spec):
    def __init__(self, value):
        self.value = value

    def message(self, value):
        return None if value == self.value else f"must be {self.value!r}"


class Bool(Spec):
    def message(self, value):
        return None if isinstance(value, bool) else "must be true or false"


class Int(Spec):
    def message(self, value):
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return None if ok else "must be a positive whole number"


class Choice(Spec):
    def __init__(self, choices):
        self.choices = choices

    def message(self, value):
        return None if value in self.choices else f"must be one of {sorted(self.choices)}"


class List(Spec):
    def __init__(self, item, unique=False):
        self.item, self.unique = item, unique

    def errors(self, value):
        if not isinstance(value, list):
            return [("", "must be a list")]
        if self.unique and len({repr(v) for v in value}) != len(value):
            return [("", "must not repeat an item")]
        return [
            (f"[{index}]{path if path.startswith('[') or not path else '.' + path}", message)
            for index, item in enumerate(value)
            for path, message in self.item.errors(item)
        ]


class Obj(Spec):
    def __init__(self, fields):
        self.fields = fields

    def errors(self, value):
        if not isinstance(value, dict):
            return [("", "must be an object")]
        errors = [(key, "unknown field") for key in value if key not in self.fields]
        for key, spec in self.fields.items():
            if key not in value:
                errors.append((key, "is missing"))
                continue
            for path, message in spec.errors(value[key]):
                sep = "" if not path or path.startswith("[") else "."
                errors.append((f"{key}{sep}{path}", message))
        return errors


def slug():
    return Str(max_length=255, pattern=SLUG, what="a slug (letters, digits, '-' or '_')")


def email(blank=False):
    return Str(max_length=255, blank=blank, pattern=EMAIL, what="an email address")


PAGE = {"title": Str(255), "slug": slug()}

ARTICLE = Obj(
    {
        "schema": Const(SCHEMA),
        "source": Str(255),
        "title": Str(255),
        "slug": slug(),
        "summary": Str(300),
        "body": Str(),
        "topics": List(slug(), unique=True),
        "tags": List(Str(100), unique=True),
        "image_credit": Str(255, null=True),
        "image_caption": Str(null=True),
        "call_to_action": Str(null=True),
        "disclaimer": Str(null=True),
        "care_cards": List(
            Obj({"level": Choice(CARE_LEVELS), "heading": Str(null=True), "text": Str()})
        ),
        "fragments": List(Obj({"kind": Str(40), "text": Str(), "line": Int()})),
    }
)

SITE = Obj(
    {
        "schema": Const(SCHEMA),
        "articles": List(slug(), unique=True),
        "topics": List(Obj({"slug": Str(100, pattern=SLUG, what="a slug"), "name": Str(100)})),
        "home": Obj({**PAGE, "intro": Str(blank=True), "featured": List(slug(), unique=True)}),
        "article_index": Obj({**PAGE, "intro": Str(blank=True)}),
        "disclaimer": Obj(
            {**PAGE, "summary": Str(500), "body": Str(blank=True), "source": Str(255, null=True)}
        ),
        "alternative_disclaimers": List(Obj({"source": Str(255), "text": Str()})),
        "contact": Obj(
            {
                **PAGE,
                "intro": Str(blank=True),
                "thank_you_text": Str(blank=True),
                "subject": Str(255, blank=True),
                "to_address": Str(255, blank=True),
                "from_address": email(blank=True),
                "fields": List(
                    Obj(
                        {
                            "label": Str(255),
                            "field_type": Choice(FIELD_TYPES),
                            "required": Bool(),
                            "help_text": Str(255, blank=True),
                        }
                    )
                ),
            }
        ),
        "practice": Obj(
            {
                "name": Str(120),
                "phone": Str(40, blank=True),
                "email": email(blank=True),
                "address": Str(blank=True),
                "opening_hours": Str(blank=True),
            }
        ),
        "people": List(
            Obj(
                {
                    "name": Str(120),
                    "credentials": Str(120, blank=True),
                    "job_title": Str(120, blank=True),
                    "profile_url": Str(200, blank=True),
                }
            )
        ),
    }
)


def field_errors(name, spec, data):
    return [
        f"{name}: field '{path}': {message}" if path else f"{name}: {message}"
        for path, message in spec.errors(data)
    ]


def validate(files):
    """Every error in a pack given as {relative path: parsed JSON}; [] when it is valid."""
    if "site.json" not in files:
        return ["site.json: missing"]
    site = files["site.json"]
    errors = field_errors("site.json", SITE, site)
    articles = {name: data for name, data in files.items() if name != "site.json"}
    for name, data in sorted(articles.items()):
        errors.extend(field_errors(name, ARTICLE, data))
    if errors:
        return errors
    return references(site, articles)


def references(site, articles):
    """Cross-file checks: file names, slugs, topics and featured articles agree."""
    errors = []
    by_slug = {}
    for name, data in sorted(articles.items()):
        if name != f"articles/{data['slug']}.json":
            errors.append(f"{name}: field 'slug': {data['slug']!r} does not match the file name")
        by_slug[data["slug"]] = name
    listed = site["articles"]
    for slug in listed:
        if slug not in by_slug:
            errors.append(f"site.json: field 'articles': no file articles/{slug}.json")
    for slug, name in sorted(by_slug.items()):
        if slug not in listed:
            errors.append(f"{name}: not listed in site.json field 'articles'")
    for index, slug in enumerate(site["home"]["featured"]):
        if slug not in by_slug:
            errors.append(f"site.json: field 'home.featured[{index}]': no article {slug!r}")
    topics = {topic["slug"] for topic in site["topics"]}
    for name, data in sorted(articles.items()):
        for index, slug in enumerate(data["topics"]):
            if slug not in topics:
                errors.append(
                    f"{name}: field 'topics[{index}]': {slug!r} is not in site.json 'topics'"
                )
    page_slugs = [site[key]["slug"] for key in ("article_index", "disclaimer", "contact")]
    if len(set(page_slugs)) != len(page_slugs):
        errors.append("site.json: the article index, disclaimer and contact slugs must differ")
    return errors
