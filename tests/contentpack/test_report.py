"""Where everything went: the per-text report of build_fixtures, and --explain."""

import re

import pytest
from django.core.management import CommandError, call_command

from .conftest import OTHER_SOURCE, SOURCE


def test_build_reports_where_every_paragraph_went(tmp_path, capsys):
    call_command("build_fixtures", str(SOURCE), "--out", str(tmp_path))
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if re.match(r"^ +\d+  ", line)]
    # One line per unit: 13 paragraphs, the last split into body and call to action.
    assert len(lines) == 14
    assert "     5  topic — neck-pain: 'neck pain'" in out
    assert "     9  disclaimer: 'If you are experiencing" in out
    assert "    25  call_to_action — closing sentences: 'Contact us today" in out
    assert "    27  dropped (tags) — no tags: every item is empty: 'Tags: , ,'" in out
    assert "    11  credit — names no one" in out


def test_explain_shows_the_scores_and_writes_nothing(sources, tmp_path, capsys):
    other = sources("heel.txt", OTHER_SOURCE)
    call_command("build_fixtures", "--explain", str(other), "--out", str(tmp_path / "out"))
    out = capsys.readouterr().out
    assert "✓ disclaimer 4.5/3.5: about this information +1, limits the information +2" in out
    assert "✓ call_to_action 5.5/4.5: invites the reader to act +2" in out
    assert not (tmp_path / "out").exists()


def test_explain_names_bad_input_with_file_and_line(sources, capsys):
    bad = sources("bad.txt", b"Title\n\nIt\x92s bad\n")
    with pytest.raises(CommandError):
        call_command("build_fixtures", "--explain", str(bad))
    assert "bad.txt:3: invalid UTF-8" in capsys.readouterr().err
