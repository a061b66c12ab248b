"""Template tags of the article search (blog/search.py)."""

from django import template

from blog.search import MAX_QUERY_LENGTH

register = template.Library()


@register.simple_tag
def search_query_max_length():
    """The longest query the search view reads: the search boxes' `maxlength`."""
    return MAX_QUERY_LENGTH
