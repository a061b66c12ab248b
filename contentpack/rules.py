"""The recognition rules, as data.

The parser knows *where* to look (a whole paragraph, the closing sentences of the text, a
one-line fragment, the tags line); what it looks *for* lives here. A practice extends the rules
by adding a pattern to a list below, not by changing the parser. All patterns are matched
case-insensitively against whitespace-normalised text.
"""

import re

FLAGS = re.IGNORECASE

# A paragraph is the medical disclaimer when every pattern of ANY one rule matches it.
DISCLAIMER_RULES = [
    {
        "name": "see a practitioner instead of self-diagnosing",
        "all": [
            r"\b(?:health ?care (?:practitioner|provider|professional)|doctor|physician|GP)\b",
            r"\bself[-\s]?diagnos",
        ],
    },
    {
        "name": "not a substitute for medical advice",
        "all": [
            r"\bnot (?:a |intended as a |meant as a )?substitute for\b"
            r".*\b(?:medical|professional)\b"
        ],
    },
    {
        "name": "for information only, not medical advice",
        "all": [
            r"\bfor (?:general )?information(?:al)? purposes only\b",
            r"\b(?:medical|health|professional) advice\b",
        ],
    },
]

# A sentence is a call to action when it starts with one of these. The parser looks for it
# among the last sentences of the text (see CALL_TO_ACTION_MAX_TRAILING) and moves it, with
# whatever follows it in that paragraph, out of the body.
CALL_TO_ACTION_STARTS = [
    r"(?:please )?(?:contact|call|phone|ring|e-?mail|text|message|visit) us\b",
    r"(?:please )?(?:book|schedule|make|request) (?:an?|your) "
    r"(?:appointment|consultation|visit|assessment)\b",
    r"(?:please )?get in touch\b",
    r"(?:please )?give us a call\b",
]
# How many sentences may follow the call to action in its paragraph (e.g. "We look forward
# to seeing you.") for it still to count as the closing call to action.
CALL_TO_ACTION_MAX_TRAILING = 1

# One-line fragments left over from the old site's layout. A paragraph is a fragment when it
# is a single short line with no sentence-ending punctuation. Checked in this order.
FRAGMENT_MAX_WORDS = 12
FRAGMENT_RULES = [
    # "photo credit", "Image credit: Jane Doe", "Photo courtesy of ..." -> the image credit
    # slot; the text after the label (if any) is the credit itself.
    {
        "kind": "image-credit",
        "pattern": r"^(?:photo|image|picture|illustration)\s+(?:credit|courtesy)s?"
        r"(?:\s+of)?\s*[:\-–—]?\s*(?P<value>.*)$",
    },
    {"kind": "image-credit", "pattern": r"^(?:photo|photograph|image|picture) by\s+(?P<value>.+)$"},
    # "Caption: ..." / "Image: ..." -> an image caption (kept in the pack, out of the body).
    {
        "kind": "image-caption",
        "pattern": r"^(?:caption|image|photo|picture)\s*:\s*(?P<value>.+)$",
    },
    # "neck pain" -> a topic label: an all-lowercase label of one to four words.
    {
        "kind": "topic",
        "pattern": r"^(?P<value>[^\W\d_]+(?:[ \-'’][^\W\d_]+){0,3})$",
        "lowercase": True,
    },
]

# A sentence pointing readers to the other articles on a topic. It stays in the body; the
# topic becomes a topic of the article and is linked to the topic's listing page.
RELATED_TOPIC_RULES = [
    r"\b(?:other )?(?:articles|posts|pages) (?:regarding|about|on) "
    r"(?P<topic>[^.,;:!?()\[\]]{2,60}?) (?:on|at) (?:our|this) (?:web)?site\b",
]

# Metadata lines: a single-line paragraph starting with the label; items are comma-separated
# and empty items are ignored.
METADATA_LINES = {
    "tags": r"^tags?\s*:(?P<value>.*)$",
}
