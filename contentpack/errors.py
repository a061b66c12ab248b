"""The builder's two errors: bad source text, and a content pack that does not validate."""


class SourceError(Exception):
    """A source text the builder cannot turn into an article; names the file and line."""

    def __init__(self, path, line, message):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class PackError(Exception):
    """A content pack that does not validate; `errors` lists every problem, one per line."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))
