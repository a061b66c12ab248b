from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SOURCE = PROJECT / "fixtures" / "source" / "muscle-spasms-or-trigger-points.txt"

# A second text "of the same kind", written for the tests: CRLF line endings, a BOM, NBSPs,
# stray whitespace-only lines, an image credit with a name, a call to action paragraph of its
# own, a different disclaimer and no Tags line.
OTHER_SOURCE = (
    "\ufeff  \r\n"
    "Heel Pain – Plantar Fasciitis Explained\r\n"
    "\r\n"
    "Plantar fasciitis is the most common cause of heel pain in adults.\u00a0 It is "
    "often worst with the first steps in the morning.\r\n"
    " \t\u00a0\r\n"
    "foot pain\r\n"
    "\r\n"
    "Photo credit: A. Example\r\n"
    "\r\n"
    "The “fascia” is a thick band of tissue under the foot – it can get irritated by "
    "long days standing.\u00a0 Gentle stretching helps most people.\r\n"
    "\r\n"
    "For more, read the other articles about foot pain on our site.\r\n"
    "\r\n"
    "This article is not a substitute for professional medical advice; always ask "
    "your doctor.\r\n"
    "\r\n"
    "Book an appointment today and we will help you walk comfortably again.\r\n"
)


@pytest.fixture
def sources(tmp_path):
    """Write source texts into a fresh directory: sources("a.txt", text_or_bytes) -> path."""
    directory = tmp_path / "source"
    directory.mkdir()

    def write(name, content):
        path = directory / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    write.directory = directory
    return write
