"""Limits on a search query, applied before any search backend sees it.

Wagtail's backends build one nested query node per word: about 450 one-letter words overflow
Python's recursion on SQLite, about 150 two-letter words on PostgreSQL (issue 15), i.e. a
500 from a query of under 1,000 characters. Readers never need that many words, so:

- at most MAX_SEARCH_LENGTH characters and MAX_SEARCH_TERMS words;
- only words reach the backend: quotes and operators would be backend syntax (an unbalanced
  quote is an SQLite FTS error), and readers mean plain words.

A word is a run of anything but ASCII punctuation, spaces and control characters (and C1
controls and the no-break space): letters of every script are word characters. It is spelled
out rather than `\\w` so that the OpenAPI document's pattern (`WORD_CHARACTER`) means the same
everywhere: JSON Schema's ECMA-262 `\\w` is ASCII only, Python's is Unicode, and a client and
this server must agree on how many words a query has.

The API refuses a longer query with a 400 (the OpenAPI document states both limits); the
reader's search page keeps the first words instead.
"""

import re

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 20
SEPARATORS = r"\x00-/:-@\[-^`{-\xa0"  # ASCII but letters, digits and `_`; C1; no-break space
WORD_CHARACTER = f"[^{SEPARATORS}]"
WORD = re.compile(f"{WORD_CHARACTER}+")


class SearchQueryError(ValueError):
    """A search query over the limits; the message is meant for the client."""


def search_words(text):
    """The words of `text`, in order."""
    return WORD.findall(text)


def checked_search(text):
    """The query the backend gets: `text`'s words joined by spaces. Raises SearchQueryError
    when `text` is too long, has too many words or none at all."""
    if len(text) > MAX_SEARCH_LENGTH:
        raise SearchQueryError(f"search is longer than {MAX_SEARCH_LENGTH} characters")
    words = search_words(text)
    if not words:
        raise SearchQueryError("search must contain at least one word")
    if len(words) > MAX_SEARCH_TERMS:
        raise SearchQueryError(f"search has more than {MAX_SEARCH_TERMS} words")
    return " ".join(words)


def truncated_search(text):
    """For readers: the first MAX_SEARCH_TERMS words of the first MAX_SEARCH_LENGTH characters."""
    return " ".join(search_words(text[:MAX_SEARCH_LENGTH])[:MAX_SEARCH_TERMS])
