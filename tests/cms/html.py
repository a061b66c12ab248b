"""Parsing helpers for HTML assertions."""

import json

from bs4 import BeautifulSoup


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def jsonld(document):
    scripts = document.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"expected one JSON-LD block, found {len(scripts)}"
    return json.loads(scripts[0].string)


def link_texts(document, selector):
    return [a.get_text(" ", strip=True) for a in document.select(selector)]


def meta(document, **attrs):
    tag = document.find("meta", attrs=attrs)
    return tag["content"] if tag else None
