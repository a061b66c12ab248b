"""A page as a Markdown document with YAML front matter, for agents and syndicators.

`Accept: text/markdown` on a page's URL (`SitePageMixin.serve`) and `?format=md` on its API
detail (`core.api.viewsets`) return the same document: the page's own Markdown source (what
editors wrote, not HTML turned back into Markdown) under a front matter of the facts a reader
of it needs (title, canonical URL, summary, review dates and reviewer, the practice's licence
and attribution). A page type opts in by returning them from `get_markdown(request)`.

Front matter values are written as JSON scalars and lists, which YAML reads as they are, so no
YAML library is needed to write it and no value can break out of its line.
"""

import json

MEDIA_TYPE = "text/markdown"


def document(front_matter, body):
    """'---' front matter '---' then the body; empty values are left out."""
    lines = ["---"]
    for key, value in front_matter.items():
        if value not in (None, "", [], {}):
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}")
    lines += ["---", "", body.strip(), ""]
    return "\n".join(lines)


def wants_markdown(request):
    """True when the client prefers text/markdown to HTML (`Accept` negotiation)."""
    accept = request.headers.get("Accept", "")
    if MEDIA_TYPE not in accept:
        return False
    return request.get_preferred_type(["text/html", MEDIA_TYPE]) == MEDIA_TYPE
