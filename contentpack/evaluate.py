"""`python -m contentpack evaluate`: how well the rules recognise each kind, on labelled texts.

The corpus (fixtures/corpus/, see its README) holds source texts with hand-written labels and
a manifest splitting them into `tune` (the rules are developed against these) and `heldout`
(only measured). Every unit the builder produces is matched to the label with the same source
line (and, when a paragraph was split, the label whose `starts` begins its text). Per kind:

- precision = units built as the kind that are labelled so / units built as the kind;
- recall = units labelled as the kind that were built so / units labelled as the kind.

Care cards count once as `care_card` and once as `care_card:<level>` (the level must match
too). The command fails (exit 1) when a kind is below `BAR` on the held-out split, or has no
labelled example there to measure.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourceError
from .parse import parse
from .schema import CARE_LEVELS
from .text import normalise

BAR = 0.95
BASE_KINDS = (
    "body", "list", "heading", "disclaimer", "call_to_action", "care_card", "topic",
    "related_topic", "caption", "credit", "tags",
)  # fmt: skip
KINDS = BASE_KINDS + tuple(f"care_card:{level}" for level in CARE_LEVELS)
SPLITS = ("tune", "heldout")


@dataclass
class Tally:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    texts: int = 0
    mistakes: list = field(default_factory=list)

    def count(self, built, labelled):
        """Count one unit: `built`/`labelled` are (kind, level) or None when missing."""
        for names_built, names_labelled in (
            (_base(built), _base(labelled)),
            _levels(built, labelled),
        ):
            if names_built == names_labelled and names_built:
                self.tp[names_built] += 1
                continue
            if names_built:
                self.fp[names_built] += 1
            if names_labelled:
                self.fn[names_labelled] += 1

    def precision(self, kind):
        built = self.tp[kind] + self.fp[kind]
        return self.tp[kind] / built if built else None

    def recall(self, kind):
        labelled = self.tp[kind] + self.fn[kind]
        return self.tp[kind] / labelled if labelled else None

    def support(self, kind):
        return self.tp[kind] + self.fn[kind]


def _base(unit):
    return unit[0] if unit else None


def _levels(built, labelled):
    def qualified(unit):
        return f"care_card:{unit[1]}" if unit and unit[0] == "care_card" else None

    return qualified(built), qualified(labelled)


def describe(unit):
    if unit is None:
        return "nothing"
    return f"{unit[0]}/{unit[1]}" if unit[1] else unit[0]


def load_labels(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        {"line": u["line"], "kind": u["kind"], "level": u.get("level"), "starts": u["starts"]}
        for u in data["units"]
    ]


def match(placements, labels):
    """Pairs (built unit or None, label or None) covering every placement and every label."""
    unused = list(labels)
    pairs = []
    for placement in placements:
        candidates = [label for label in unused if label["line"] == placement.line]
        text = normalise(placement.text).casefold()
        chosen = next(
            (c for c in candidates if text.startswith(normalise(c["starts"]).casefold())),
            candidates[0] if len(candidates) == 1 else None,
        )
        if chosen is not None:
            unused.remove(chosen)
        pairs.append((placement, chosen))
    pairs.extend((None, label) for label in unused)
    return pairs


def evaluate_text(tally, source, labels):
    article = parse(source, Path(source).read_bytes())
    tally.texts += 1
    for placement, label in match(article.placements, labels):
        built = (placement.kind, placement.level) if placement else None
        labelled = (label["kind"], label["level"]) if label else None
        tally.count(built, labelled)
        if built != labelled:
            line = placement.line if placement else label["line"]
            text = placement.text if placement else label["starts"]
            tally.mistakes.append(
                f"{Path(source).name}:{line}: labelled {describe(labelled)}, "
                f"built {describe(built)}: {text[:60]!r}"
            )


def run(corpus, splits, stdout, stderr, show_mistakes=True):
    """Evaluate each split; return 0 when the held-out split (if evaluated) meets the bar."""
    corpus = Path(corpus)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    status = 0
    for split in splits:
        tally = Tally()
        for name in manifest[split]:
            try:
                evaluate_text(
                    tally, corpus / f"{name}.txt", load_labels(corpus / f"{name}.labels.json")
                )
            except SourceError as error:
                stderr.write(f"error: {error}\n")
                status = 1
        failures = report(tally, split, stdout)
        if show_mistakes:
            for mistake in tally.mistakes:
                stdout.write(f"  {mistake}\n")
        if split == "heldout" and failures:
            stderr.write(f"heldout: below {BAR:.2f} or not measured: {', '.join(failures)}\n")
            status = 1
    return status


def report(tally, split, stdout):
    """Print the table for one split; return the kinds that miss the bar."""
    units = sum(tally.support(kind) for kind in BASE_KINDS)
    stdout.write(f"{split}: {tally.texts} texts, {units} labelled units\n")
    stdout.write(f"  {'kind':<22}{'precision':>10}{'recall':>8}{'support':>9}\n")
    failures = []
    for kind in KINDS:
        precision, recall = tally.precision(kind), tally.recall(kind)
        stdout.write(
            f"  {kind:<22}{_figure(precision):>10}{_figure(recall):>8}{tally.support(kind):>9}\n"
        )
        if precision is None or recall is None or min(precision, recall) < BAR:
            failures.append(kind)
    return failures


def _figure(value):
    return "n/a" if value is None else f"{value:.2f}"
