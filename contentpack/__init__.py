"""The content pack builder: health-article source texts -> a versioned JSON content pack.

Pure Python (no Django): `parse` turns one source file into an Article, `pack.build` turns
sources into the pack's files, `pack.write`/`pack.compare` write or check them, and
`schema.validate` checks a pack. The recognition rules are data, in `rules.py`.
"""

from .errors import PackError, SourceError
from .parse import Article, parse

__all__ = ["Article", "PackError", "SourceError", "parse"]
