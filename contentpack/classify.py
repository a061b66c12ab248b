"""Scoring: what each block of a text is, from the cues and thresholds in `rules.py`.

Three passes, because some cues depend on what the other blocks are:

1. layout — tags line, image credit, caption, topic label, heading, list: what a block looks
   like on its own;
2. the parts a practice's article closes with — disclaimer and care card: what a paragraph
   says, and whether it sits at the top or the bottom;
3. the call to action, scored sentence by sentence in the prose that is left, where position
   counts: only the last two prose paragraphs are "near the end".

Every score is kept (`Decision.scores`) so `--explain` can show why a block went where it went.
"""

import itertools
import re
from dataclasses import dataclass, field

from . import rules
from .text import ends_like_a_sentence

_PATTERNS = {}


def _regex(pattern):
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern, rules.FLAGS)
    return _PATTERNS[pattern]


_LABEL_WORD = re.compile(r"^[^\W\d_]+(?:[ \-'’][^\W\d_]+){0,3}$")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass
class Score:
    """One kind's score for one unit: the cues that fired and whether it reached the bar."""

    kind: str
    total: float
    threshold: float
    hits: list  # [(cue name, weight)]
    missing: list  # required cues that did not fire
    level: str | None = None
    subject: str = ""  # what was scored when not the whole block ("sentence 2")

    @property
    def passed(self):
        return not self.missing and self.total >= self.threshold


@dataclass
class Decision:
    """What one block is. A body paragraph may close with a call to action: `cta_start` is
    the index of its first sentence in `sentences`."""

    block: object
    kind: str = "body"
    level: str | None = None
    scores: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    cta_start: int | None = None
    label_of: str | None = None  # "disclaimer" for a standalone "Disclaimer" line


def fires(cue, text, shapes):
    return bool(_regex(cue.pattern).search(text) if cue.pattern else shapes.get(cue.shape))


def score(kind, text, shapes, full=True):
    """The kind's score for `text`. Unless `full` (for --explain), a required cue that does
    not fire ends the scoring early: the kind cannot be reached anyway."""
    if not full:
        for cue in kind.cues:
            if cue.name in kind.requires and not fires(cue, text, shapes):
                return Score(kind.name, 0, kind.threshold, [], [cue.name])
    hits = [(cue.name, cue.weight) for cue in kind.cues if fires(cue, text, shapes)]
    level = None
    if kind is rules.CARE_CARD:
        levels = [name for name, _ in hits if name in rules.CARE_LEVELS]
        level = min(levels, key=rules.CARE_LEVELS.index) if levels else None
        hits = [(n, w) for n, w in hits if n not in rules.CARE_LEVELS or n == level]
    names = {name for name, _ in hits}
    missing = [name for name in kind.requires if name not in names]
    if kind is rules.CARE_CARD and level is None:
        missing.append("a level of care")
    total = sum(weight for _, weight in hits)
    return Score(kind.name, total, kind.threshold, hits, missing, level)


# --- Shapes: the cues about form and position (named by `Cue.shape` in rules.py). ----------


def title_case(text):
    words = _WORD.findall(text)
    if not words or not words[0][0].isupper():
        return False
    main = [w for w in words if w.casefold() not in rules.TITLE_CASE_SMALL_WORDS]
    return all(w[0].isupper() or w[0].isdigit() for w in main)


def layout_shapes(block, following):
    text = block.text
    one_sentence = len(block.sentences) == 1
    short_line = (
        block.single_line
        and not block.items
        and one_sentence
        and len(text.split()) <= rules.HEADING_MAX_WORDS
    )
    return {
        "single_line": block.single_line,
        "label_line": block.single_line
        and not block.items
        and len(text.split()) <= rules.HEADING_MAX_WORDS,
        "short_line": short_line,
        "lowercase_label": block.single_line
        and text == text.lower()
        and bool(_LABEL_WORD.match(text)),
        "title_case": short_line and title_case(text.rstrip("?")),
        "question": short_line and text.endswith("?") and text[0].isupper(),
        "no_full_stop": not re.search(r"[.!:;…]$", text),
        "followed_by_text": following is not None and not following.single_line,
    }


LAYOUT = (rules.TAGS, rules.CREDIT, rules.CAPTION, rules.TOPIC, rules.HEADING)
CLOSING = (rules.DISCLAIMER, rules.CARE_CARD)
EDGE_FIRST, EDGE_LAST = 2, 3  # "at the edge": among the first two or the last three blocks
NEAR_END = 2  # "near the end": among the last two prose paragraphs


def classify(blocks, full=False):
    """[Block] -> [Decision], one per block, in order; `full` keeps every cue of every score
    (for --explain), else a kind stops being scored at its first missing required cue."""
    decisions = [Decision(block) for block in blocks]
    # 1. Layout.
    for index, decision in enumerate(decisions):
        block = decision.block
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        shapes = layout_shapes(block, following)
        for kind in LAYOUT:
            result = score(kind, block.text, shapes, full)
            decision.scores.append(result)
            if result.passed and decision.kind == "body":
                decision.kind = kind.name
        if decision.kind == "body" and block.items:
            decision.kind = "list"
    # 2. Disclaimer and care cards, among what is not layout.
    for index, decision in enumerate(decisions):
        if decision.kind not in ("body", "list"):
            continue
        block = decision.block
        shapes = {
            "at_edge": index < EDGE_FIRST or index >= len(blocks) - EDGE_LAST,
            "short_paragraph": len(block.sentences) <= 3 or bool(block.items),
            "lead_and_list": bool(block.lead and block.items),
        }
        for kind in CLOSING:
            result = score(kind, block.text, shapes, full)
            decision.scores.append(result)
            if result.passed and decision.kind in ("body", "list"):
                decision.kind, decision.level = kind.name, result.level
    label = _regex(rules.DISCLAIMER_HEADING)
    for decision, after in itertools.pairwise(decisions):
        if (
            decision.kind in ("heading", "body")
            and after.kind == "disclaimer"
            and label.match(decision.block.text)
        ):
            decision.kind, decision.label_of = "disclaimer", "disclaimer"
    # 3. The call to action, sentence by sentence, in the prose paragraphs left.
    prose = [
        d
        for d in decisions
        if d.kind == "body" and not d.block.items and ends_like_a_sentence(d.block.text)
    ]
    for position, decision in enumerate(prose):
        find_call_to_action(
            decision, near_end=position >= len(prose) - NEAR_END, opening=position == 0, full=full
        )
    for decision in decisions:
        if decision.kind == "body" and any(
            _regex(p).search(decision.block.text) for p in rules.RELATED_TOPIC
        ):
            decision.kind = "related_topic"
    return decisions


def find_call_to_action(decision, near_end, opening, full):
    """Mark the closing call to action of a prose paragraph (from `cta_start` to its end)."""
    parts = decision.block.sentences
    decision.sentences = parts
    shapes = {"near_end": near_end, "opening": opening}
    passed = []
    for index, sentence in enumerate(parts):
        result = score(rules.CALL_TO_ACTION, sentence, shapes, full)
        if len(parts) > 1:
            result.subject = f"sentence {index + 1}"
        decision.scores.append(result)
        passed.append(result.passed)
    start = None
    for index in range(len(parts)):
        trailing = passed[index:].count(False)
        if passed[index] and trailing <= rules.CALL_TO_ACTION_MAX_TRAILING:
            start = index
            break
    if start is None:
        return
    lead_in = _regex(rules.CALL_TO_ACTION_LEAD_IN)
    while start > 0 and lead_in.search(parts[start - 1]):
        start -= 1
    decision.cta_start = start
    if start == 0:
        decision.kind = "call_to_action"
