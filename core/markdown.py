"""The one place Markdown becomes HTML: wagtail-markdown's renderer with the nh3 allow-list
configured in settings.WAGTAILMARKDOWN. The site and the API both use what this returns."""

import math
import re

from wagtailmarkdown.utils import render_markdown

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def markdown_to_html(text: str) -> str:
    return str(render_markdown(text or ""))


def reading_time_minutes(text: str) -> int:
    """Whole minutes at an average adult reading speed; at least 1 for any text."""
    words = len(_WORD.findall(text or ""))
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0
