"""Heading ids for the sections of a Markdown body, with python-markdown's own `toc` extension.

Every `## Heading` gets an id (`section-` + a slug of its words, numbered when repeated), so a
reader can link to it and the page can list its sections ("On this page"). The prefix keeps
the ids apart from the layout's own (`main`, `cta-heading`, ...): a section called "Main"
must not take the skip link's target. The `[TOC]` marker is switched off: the page builds its
own contents list, and editors typing "[TOC]" get the text back.

Loaded by name from settings.WAGTAILMARKDOWN["extensions"]; the nh3 allow-list there keeps
`id` on headings.
"""

from markdown.extensions.toc import TocExtension, slugify

SECTION_ID_PREFIX = "section-"


def section_slug(value, separator):
    return SECTION_ID_PREFIX + (slugify(value, separator) or "untitled")


class SectionIdExtension(TocExtension):
    def __init__(self, **kwargs):
        kwargs.setdefault("slugify", section_slug)
        kwargs.setdefault("marker", "")
        kwargs.setdefault("permalink", False)
        super().__init__(**kwargs)
