"""`python -m contentpack evaluate`: the corpus meets the bar, and the bar can fail."""

import io
import json
import subprocess
import sys

from contentpack import evaluate

from .conftest import PROJECT


def test_evaluate_passes_on_the_committed_corpus():
    result = subprocess.run(
        [sys.executable, "-m", "contentpack", "evaluate"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for split in ("tune:", "heldout:"):
        assert split in result.stdout
    for kind in evaluate.KINDS:
        assert f"  {kind} " in result.stdout


def corpus(tmp_path, labels, text="Title\n\nA paragraph of text.\n\nWhat Helps?\n\nRest.\n"):
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "a.labels.json").write_text(json.dumps({"source": "a.txt", "units": labels}))
    (tmp_path / "manifest.json").write_text(json.dumps({"tune": [], "heldout": ["a"]}))
    return tmp_path


def run(directory):
    out, err = io.StringIO(), io.StringIO()
    status = evaluate.run(directory, ["heldout"], out, err)
    return status, out.getvalue(), err.getvalue()


def test_a_wrong_label_fails_the_heldout_split_and_is_listed(tmp_path):
    labels = [
        {"line": 3, "kind": "body", "starts": "A paragraph"},
        {"line": 5, "kind": "body", "starts": "What Helps?"},  # built as a heading
        {"line": 7, "kind": "body", "starts": "Rest."},
    ]
    status, out, err = run(corpus(tmp_path, labels))
    assert status == 1
    assert "a.txt:5: labelled body, built heading: 'What Helps?'" in out
    assert "heldout: below 0.95 or not measured" in err
    tally = evaluate.Tally()
    tally.count(("heading", None), ("body", None))
    assert (tally.precision("heading"), tally.recall("body")) == (0.0, 0.0)


def test_a_unit_without_a_label_counts_against_its_kind(tmp_path):
    labels = [{"line": 3, "kind": "body", "starts": "A paragraph"}]
    status, out, _ = run(corpus(tmp_path, labels))
    assert status == 1
    assert "a.txt:5: labelled nothing, built heading" in out


def test_care_card_level_must_match_too():
    tally = evaluate.Tally()
    tally.count(("care_card", "urgent"), ("care_card", "immediate"))
    assert tally.precision("care_card") == 1.0
    assert tally.recall("care_card:immediate") == 0.0
    assert tally.precision("care_card:urgent") == 0.0
