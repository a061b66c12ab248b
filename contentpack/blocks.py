"""Source bytes -> title and blocks: decoding, bad-input checks, and paragraph splitting.

A block is what a blank line separates: a paragraph (its lines joined), or a list (lines that
start with "1.", "-", "*", "•", after at most one lead-in line). What a block *is* (body,
heading, disclaimer, ...) is decided later, by `classify`.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from . import rules
from .errors import SourceError
from .text import normalise, sentences

MAX_BYTES = 1024 * 1024
MAX_TITLE = 255  # Wagtail's Page.title
BOM = b"\xef\xbb\xbf"
# Control characters a text file never has (tab and form feed count as whitespace).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ITEM = re.compile(rules.LIST_ITEM)
_TAGS = re.compile(rules.TAGS_VALUE, rules.FLAGS)


@dataclass
class Item:
    text: str  # normalised, continuation lines joined
    number: int | None  # None for a bullet


@dataclass
class Block:
    line: int  # first source line
    lines: list  # normalised source lines
    items: list = field(default_factory=list)  # [Item] when the block is a list
    lead: str | None = None  # the lead-in line before a list's items ("Things that help:")

    @cached_property
    def text(self):
        return normalise(" ".join(self.lines))

    @cached_property
    def sentences(self):
        return sentences(self.text)

    @property
    def single_line(self):
        return len(self.lines) == 1

    @property
    def ordered(self):
        return bool(self.items) and self.items[0].number is not None


def decode(path, data):
    """Bytes -> str with LF line endings and no BOM, or a SourceError naming the line."""
    if len(data) > MAX_BYTES:
        line = data.count(b"\n", 0, MAX_BYTES) + 1
        raise SourceError(
            path, line, f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit"
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SourceError(path, line, "binary file (NUL byte), expected UTF-8 text")
    start = len(BOM) if data.startswith(BOM) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise SourceError(
            path,
            line,
            f"invalid UTF-8 (byte 0x{data[offset]:02x} at column {column}); save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise SourceError(path, line, f"control character U+{ord(control.group()):04X}")
    return text


def make_block(start, lines):
    """A block from its normalised lines: a list when its lines are items (after at most one
    lead-in line), else a paragraph."""
    block = Block(start, lines)
    first = next((i for i, line in enumerate(lines) if _ITEM.match(line)), None)
    if first is None or first > 1 or (first == 1 and not lines[0].endswith(":")):
        return block
    items = []
    for line in lines[first:]:
        match = _ITEM.match(line)
        if match:
            number = match.group("number")
            items.append(Item(match.group("text"), int(number) if number else None))
        else:  # a wrapped item continues
            items[-1].text = normalise(f"{items[-1].text} {line}")
    block.items = items
    block.lead = lines[0] if first == 1 else None
    return block


def split(path, text):
    """The title line, its line number and the blocks after it."""
    title, title_line, blocks, lines, start = None, 0, [], [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            if lines:
                blocks.append(make_block(start, lines))
            lines = []
            continue
        if title is None:
            title, title_line = normalise(raw), number
            continue
        if not lines:
            start = number
        lines.append(normalise(raw))
    if lines:
        blocks.append(make_block(start, lines))
    if title is None:
        reason = "file is empty" if not text else "file has only whitespace"
        raise SourceError(path, 1, f"no title ({reason})")
    if len(title) > MAX_TITLE:
        raise SourceError(
            path, title_line, f"title is {len(title)} characters, at most {MAX_TITLE} allowed"
        )
    if _TAGS.match(title):
        raise SourceError(path, title_line, "no title (the first line is a metadata line)")
    return title, title_line, blocks
