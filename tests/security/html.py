"""Parsing helpers for the security tests (Python's html.parser via BeautifulSoup)."""

from bs4 import BeautifulSoup


def parse_csp(header):
    """'a b; c d' -> {'a': ['b'], 'c': ['d']}"""
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *values = directive.split()
        policy[name] = values
    return policy


def soup(html):
    return BeautifulSoup(html, "html.parser")
