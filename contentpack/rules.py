"""The recognition rules, as data: for each kind of paragraph, the cues that speak for it.

A practice's old site words the same parts in many ways ("not a substitute for medical
advice", "nothing on this page replaces an examination"), so no single pattern recognises a
part. Instead every unit of a text (a paragraph, a list, a sentence of the closing paragraph)
is scored: each `Cue` that fires adds its weight, and the unit is of a kind when the sum
reaches the kind's `threshold` and every `requires` cue fired. `python -m contentpack build
--explain FILE` prints these sums for each unit.

A cue is either a regular expression (`pattern`, searched case-insensitively in the unit's
whitespace-normalised text) or a *shape* (`shape`, the name of a test the classifier runs:
where the unit sits and what it looks like; see `classify.SHAPES`). To recognise a new
wording, add or widen a pattern here; to change how much a cue counts, change its weight.
Every change is measured with `python -m contentpack evaluate` (fixtures/corpus/).
"""

import re
from dataclasses import dataclass

from . import schema

FLAGS = re.IGNORECASE
CARE_LEVELS = schema.CARE_LEVELS  # most to least severe; the pack's `care_cards[].level`


@dataclass(frozen=True)
class Cue:
    """One piece of evidence for a kind; `why` says what it stands for (shown by --explain)."""

    name: str
    weight: float
    pattern: str | None = None
    shape: str | None = None
    why: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of unit: its cues, the score it needs, and the cues it cannot do without."""

    name: str
    threshold: float
    cues: tuple
    requires: tuple = ()
    why: str = ""


# --- Leftovers of the old site's layout: one short line, recognised by its label. ---------

TAGS = Kind(
    "tags",
    threshold=2,
    requires=("label",),
    why="The old site's tag list, one line: 'Tags: a, b, , c'.",
    cues=(
        Cue("label", 1, pattern=r"^tags?\s*:", why="starts with 'Tags:'"),
        Cue("one line", 1, shape="single_line", why="metadata is a single line"),
    ),
)
TAGS_VALUE = r"^tags?\s*:(?P<value>.*)$"

CREDIT = Kind(
    "credit",
    threshold=4,
    requires=("label",),
    why="Who to credit for the article's picture; a lone 'photo credit' is the old site's "
    "credit link whose target is lost.",
    cues=(
        Cue(
            "label",
            3,
            pattern=r"^(?:(?:photo|image|picture|illustration)\s+(?:credit|courtesy)s?\b"
            r"|(?:photo|photograph|image|picture)\s+by\b)",
            why="starts 'photo credit', 'image courtesy of', 'photo by'",
        ),
        Cue(
            "one short line",
            1,
            shape="label_line",
            why="a label, not a paragraph (its value may hold initials: 'R. Okafor')",
        ),
    ),
)
# The credit holder is what follows the label (nothing, for a lone "photo credit").
CREDIT_VALUE = (
    r"^(?:(?:photo|image|picture|illustration)\s+(?:credit|courtesy)s?(?:\s+of)?"
    r"|(?:photo|photograph|image|picture)\s+by)\s*[:\-–—]?\s*(?P<value>.*)$"
)

CAPTION = Kind(
    "caption",
    threshold=4,
    requires=("label",),
    why="The caption of the article's picture: 'Image: …' or 'Caption: …'.",
    cues=(
        Cue(
            "label",
            3,
            pattern=r"^(?:caption|image|photo|picture)\s*:",
            why="starts 'Image:' / 'Caption:'",
        ),
        Cue("one short line", 1, shape="label_line", why="a caption is one short line"),
    ),
)
CAPTION_VALUE = r"^(?:caption|image|photo|picture)\s*:\s*(?P<value>.*)$"

TOPIC = Kind(
    "topic",
    threshold=4,
    requires=("lowercase label",),
    why="The old site's topic label above a paragraph, e.g. 'neck pain'.",
    cues=(
        Cue(
            "lowercase label",
            3,
            shape="lowercase_label",
            why="one to four lowercase words, no punctuation: a label, not a sentence",
        ),
        Cue("one line", 1, shape="single_line", why="a label stands alone"),
    ),
)

# --- Structure of the text. -----------------------------------------------------------------

HEADING = Kind(
    "heading",
    threshold=4,
    requires=("one short line",),
    why="A section heading: a short standalone line in Title Case, or a question. It becomes "
    "a '## ' heading in the body.",
    cues=(
        Cue(
            "one short line",
            1,
            shape="short_line",
            why="one line of at most HEADING_MAX_WORDS words and one sentence",
        ),
        Cue("title case", 2, shape="title_case", why="every main word capitalised"),
        Cue("question", 2, shape="question", why="a one-sentence question ('Why … ?')"),
        Cue("no full stop", 1, shape="no_full_stop", why="headings do not end with . ! : ;"),
        Cue("text follows", 0.5, shape="followed_by_text", why="a heading leads into text"),
    ),
)
HEADING_MAX_WORDS = 12
# Words Title Case leaves lowercase.
TITLE_CASE_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "it", "of",
     "on", "or", "the", "to", "vs", "via", "with"}
)  # fmt: skip

# A list item: "1. …", "2) …", "- …", "* …", "• …". A paragraph whose lines are items (after
# at most one lead-in line such as "Things that help:") is a list and stays a Markdown list.
LIST_ITEM = r"^(?:(?P<number>\d{1,3})[.)]|[-*•])\s+(?P<text>\S.*)$"

# --- The parts a practice's article closes with (or opens with). --------------------------

DISCLAIMER = Kind(
    "disclaimer",
    threshold=3.5,
    requires=("limits the information",),
    why="The medical disclaimer: it talks about this page / article / information, limits it "
    "(general, education only, not a diagnosis, not a substitute, does not replace an "
    "examination) and points to a professional. It leaves the body for the article's own "
    "disclaimer notice.",
    cues=(
        Cue(
            "label",
            2,
            pattern=r"^(?:medical |important )?disclaimer\b|^please note\s*:",
            why="starts 'Disclaimer' or 'Please note:'",
        ),
        Cue(
            "about this information",
            1,
            pattern=r"\b(?:this|these|the|our|an?) (?:page|pages|article|articles|post|posts|"
            r"information|content|site|website|blog|advice)\b"
            r"|\binformation (?:you read |found |given |provided )?(?:on|in) (?:this|our)\b"
            r"|\b(?:everything|nothing) (?:on|in) (?:this|our)\b",
            why="the text talks about itself",
        ),
        Cue(
            "limits the information",
            2,
            pattern=r"\bgeneral(?: in nature)?\b(?! practitioner)"
            r"|\beducation(?:al)?\b|\binformation(?:al)? (?:purposes )?only\b"
            r"|\bnot (?:a |an |intended as a |meant as a )?(?:diagnosis|substitute|replacement)\b"
            r"|\bno substitute\b|\bnot (?:medical|professional) advice\b"
            r"|\b(?:does not|doesn’t|doesn't|do not|cannot|can't|never|not) "
            r"(?:replace|take the place)\b|\breplaces? an? (?:examination|consultation|assessment)"
            r"|\bself[-\s]?diagnos|\bdiagnose yourself\b|\bnot intended to (?:diagnose|treat)\b"
            r"|\bnot rely\b|\brely on information\b"
            r"|\bcan(?:not|'t|’t)? tell you what(?:’s|'s| is)? (?:is )?wrong\b"
            r"|\bonly an? (?:examination|assessment|consultation)\b",
            why="says what the text is not (a diagnosis, advice, a substitute, …)",
        ),
        Cue(
            "points to a professional",
            1,
            pattern=r"\b(?:doctor|GP|physician|midwife|dentist|podiatrist|physiotherapist|"
            r"pharmacist|clinician|health ?care (?:practitioner|provider|professional)|"
            r"health professional|medical professional|qualified (?:\w+ )?"
            r"(?:professional|practitioner))s?\b",
            why="sends the reader to someone qualified",
        ),
        Cue(
            "at the edge",
            0.5,
            shape="at_edge",
            why="disclaimers sit at the top or the bottom of an article",
        ),
    ),
)
# A standalone "Disclaimer" line right before the disclaimer is its label: it is dropped
# (the notice has its own heading), and reported as such.
DISCLAIMER_HEADING = r"^(?:medical |important )?disclaimer:?$"
# "Disclaimer:" in front of the disclaimer's own text is a label, not part of the text.
DISCLAIMER_LABEL = r"^(?:medical |important )?disclaimer\s*[:\-–—]\s*"

CARE_CARD = Kind(
    "care_card",
    threshold=4,
    requires=("condition",),
    why="Urgent-care advice: when (a condition) to go where (a level of care). It leaves the "
    "body for a care card with its level; the most severe level named wins.",
    cues=(
        Cue(
            "immediate",
            3,
            pattern=r"\b(?:999|911|112)\b|\bA&E\b|\baccident and emergency\b"
            r"|\bemergency (?:department|room|services)\b|\bambulance\b",
            why="999 / A&E / emergency department: level immediate",
        ),
        Cue(
            "urgent",
            2.5,
            pattern=r"\b111\b|\bsame[- ]day\b|\burgent (?:\w+ )?(?:care|help|appointment)\b"
            r"|\b(?:doctor|GP|medical help|midwife)\b[^.]{0,40}\b(?:today|the same day|"
            r"straight away|right away|urgently)\b|\bout[- ]of[- ]hours\b",
            why="111 / same-day help / urgent care: level urgent",
        ),
        Cue(
            "non-urgent",
            2,
            pattern=r"\b(?:see|visit|ask|speak to|talk to|book (?:an appointment|in) with"
            r"|make an appointment with|an appointment with)"
            r" (?:a |your )?(?:GP|doctor|dentist|pharmacist|podiatrist|physio\w*|us)\b",
            why="see a GP / your doctor / us: level non-urgent",
        ),
        Cue(
            "condition",
            1,
            pattern=r"\b(?:if|when|whenever|should you|in case)\b|\bcomes? with\b"
            r"|\bany of (?:these|the following)\b"
            r"|\b(?:needs?|requires?) (?:an ambulance|a trip to|emergency|urgent|immediate|"
            r"to be seen|medical)\b|\b(?:may|might|could) be\b"
            r"|\bis an? (?:urgent|serious|medical) (?:problem|emergency|matter)\b"
            r"|\bis an? emergency\b",
            why="advice says when: 'if …', 'when …', 'X needs emergency care', 'X could be a "
            "stroke', 'X is a medical emergency'",
        ),
        Cue(
            "symptom change",
            1,
            pattern=r"\b(?:worse|worsening|no better|not (?:improved|improving|got better|"
            r"getting better|started to ease)|lasts? (?:longer|more) than|keeps? coming back"
            r"|sudden(?:ly)?|severe|high temperature|fever|numbness|cannot|can't|unable|"
            r"locks?|gives? way|swell(?:s|ing|ed)?|swollen|rash|bleeding|lose|loss)\b"
            r"|\bafter (?:a |an |one |two |three |six |\w+ )?(?:few )?(?:days?|weeks?|months?)\b",
            why="a red flag or a symptom that lasts or gets worse",
        ),
        Cue(
            "seek help",
            1,
            pattern=r"\bseek\b|\bget (?:medical )?help\b|\bget it checked\b"
            r"|\bmedical (?:help|attention|care)\b",
            why="tells the reader to get help",
        ),
        Cue(
            "tells the reader",
            0.5,
            pattern=r"(?:^|[:;,–—]\s*|\bso )(?:see|ask|speak to|talk to|call|dial|ring|go|"
            r"get|contact|make|book|seek|take|use)\b",
            why="an imperative ('See your GP if …'), not a remark ('most people never see …')",
        ),
        Cue("short", 0.5, shape="short_paragraph", why="advice is a few sentences at most"),
        Cue("lead and list", 1, shape="lead_and_list", why="'Call 999 if you have:' + a list"),
        Cue(
            "about information",
            -2,
            pattern=r"\b(?:this|the) (?:article|page|information|website)\b",
            why="talks about the text itself: a disclaimer, not advice",
        ),
    ),
)

CALL_TO_ACTION = Kind(
    "call_to_action",
    threshold=4.5,
    requires=("invites the reader to act",),
    why="The closing invitation to act with the practice (call, book, schedule, get in touch, "
    "visit). Scored per sentence in the last prose paragraphs; the sentence and what follows "
    "it in that paragraph leave the body.",
    cues=(
        Cue(
            "invites the reader to act",
            2,
            pattern=r"(?:^|[:;,–—]\s*|\b(?:please|so|then|why not|today,?|now|and|or)\s+)"
            r"(?:(?:call|phone|ring|contact|e-?mail|text|message|visit)"
            r" (?:us|our \w+(?: \w+)?|the (?:practice|clinic|office|surgery|team))\b"
            r"|(?:book|schedule|arrange|make|request)"
            r" (?:an?|your|a free)? ?(?:\w+[- ])?(?:appointment|consultation|evaluation|"
            r"assessment|visit|check-?up|session|review)\b"
            r"|(?:call|phone|ring|text)(?: or (?:call|phone|ring|text))?"
            r"(?: us| the \w+| our \w+)?(?: on)? 0\d"
            r"|book online\b|(?:call|phone|ring) (?:our |the )?(?:reception|front desk)\b"
            r"|get in touch\b|reach out\b|give us a (?:call|ring)\b"
            r"|(?:come|pop|drop) (?:in|by|and see us)\b)",
            why="an imperative to call (us, or a phone number) / book / schedule / get in touch / "
            "visit",
        ),
        Cue(
            "with the practice",
            1,
            pattern=r"\b(?:us|we|our|the (?:practice|clinic|office|team|surgery))\b",
            why="the action is with the practice",
        ),
        Cue(
            "booking",
            1,
            pattern=r"\b(?:appointment|consultation|evaluat\w*|assessment|visit|check-?up|"
            r"session|review|book|online|today)\b|\b0\d{3,4}[ \d]{6,8}\b",
            why="an appointment, a phone number, 'today'",
        ),
        Cue(
            "near the end",
            1.5,
            shape="near_end",
            why="in one of the last two prose paragraphs (before or after the disclaimer)",
        ),
        Cue(
            "opening",
            -2,
            shape="opening",
            why="in the first paragraph: an opener such as 'Call us old-fashioned, but …'",
        ),
        Cue(
            "figure of speech",
            -3,
            pattern=r"\bcall (?:us|me|it) (?:old[- ]fashioned|biased|crazy|cautious|"
            r"\w+-minded)\b",
            why="'Call us old-fashioned, but …' is not an invitation",
        ),
        Cue(
            "emergency",
            -3,
            pattern=r"\b(?:999|911|112|111)\b|\bA&E\b|\bemergency\b",
            why="emergency numbers are care advice, not a call to action",
        ),
    ),
)
# How many non-inviting sentences may close the paragraph after the call to action ("We look
# forward to seeing you.") for it still to count as the closing call to action.
CALL_TO_ACTION_MAX_TRAILING = 1
# A sentence right before the call to action joins it when it is a lead-in to the invitation:
# a short question ("Ready to get back on the road?", "Fed up with sore feet?") or an offer of help
# ("We would love to help you …", "… we can help.").
CALL_TO_ACTION_LEAD_IN = (
    r"^(?:\S+\s+){0,11}\S+\?[\"'”’)]*$"  # a short question (a long one is body text)
    r"|\bwe(?:’d|'d| would| will)? (?:be )?(?:love|glad|happy|delighted) to help\b"
    r"|\bwe can help\b"
)

# A sentence pointing readers to other articles on a topic. It stays in the body; the topic
# becomes a topic of the article and is linked to the topic's listing page.
RELATED_TOPIC = [
    r"\b(?:other )?(?:articles|posts|pages) (?:regarding|about|on) "
    r"(?P<topic>[^.,;:!?()\[\]]{2,60}?) (?:on|at) (?:our|this) (?:web)?site\b",
]
