"""The content checks, as data: which checks exist, how severe each is, the thresholds, and
the red-flag symptoms an article must not mention without an immediate or urgent care card.

A *blocking* result stops "Submit to Clinical review" (and publishing) until it is fixed or a
Clinical reviewer overrides it with a written reason; a *warning* is shown and never stops
anything. To add a red flag, add a `RedFlag` below with its note and run
`python manage.py check_content` on the corpus (tests/blog/test_content_checks_corpus.py says
how to refresh the committed expectations, which must then be reviewed by hand).
"""

import re
from dataclasses import dataclass

BLOCKING = "blocking"
WARNING = "warning"

# check name -> (severity, label, what it stands for); the editor's panel shows the labels.
CHECKS = {
    "red_flag": (
        BLOCKING,
        "Red-flag symptom",
        "A red-flag symptom is mentioned without an immediate or urgent care card about it.",
    ),
    "disclaimer": (
        BLOCKING,
        "Disclaimer",
        "No disclaimer resolves for the page (its own, chosen or default).",
    ),
    "emergency_number": (
        BLOCKING,
        "Emergency number",
        "The practice's emergency number (Settings → Practice settings) is empty.",
    ),
    "image_alt": (
        BLOCKING,
        "Image without alt text",
        "An image in the text has no alternative text.",
    ),
    "link_not_live": (
        WARNING,
        "Link not live",
        "A link to a page or document that readers cannot open.",
    ),
    "reading_age": (WARNING, "Reading age", "The reading age is above the practice's target."),
    "long_sentences": (
        WARNING,
        "Long sentences",
        "Sentences longer than the limit are hard to follow.",
    ),
}

# Care-card levels that tell the reader to act now (ArticleCareCard.Level values).
ACTING_LEVELS = ("immediate", "urgent")

# NHS content guide: "aim for 15 to 20 words a sentence; more than 25 is hard to follow".
LONG_SENTENCE_WORDS = 25

# Reading age = Flesch-Kincaid grade (US school year) + 5, the age a child is in that year.
# The practice's target is PracticeSettings.reading_age_target (NHS.UK: 9 to 11).
GRADE_TO_AGE = 5

FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class RedFlag:
    """A symptom that needs help now. It is *mentioned* when, in one sentence, every pattern
    of one of its `patterns` tuples matches; it is *covered* when an immediate or urgent care
    card mentions it too. `note` is what the editor reads (and why it is a red flag)."""

    name: str
    label: str
    patterns: tuple
    note: str

    def mentioned_in(self, sentence):
        return any(
            all(re.search(pattern, sentence, FLAGS) for pattern in group) for group in self.patterns
        )


RED_FLAGS = (
    RedFlag(
        "heart_attack",
        "signs of a heart attack",
        (
            (
                r"\bchest (pain|discomfort|tightness)|pain in (the|your) chest|crushing chest",
                r"spread|\barms?\b|\bjaw\b|\bneck\b|breath|sweat|crushing|heart attack"
                r"|does not go away|doesn't go away|feel sick",
            ),
            (r"heart attack",),
        ),
        "Chest pain spreading to the arm, jaw, neck or back, or with breathlessness, sweating "
        "or sickness, can be a heart attack: the reader must be told to call 999.",
    ),
    RedFlag(
        "breathing",
        "difficulty breathing",
        (
            (
                r"difficulty breathing|struggling to breathe|can(no|')t (catch your )?breathe?"
                r"|short(ness)? of breath|breathless",
            ),
        ),
        "Difficulty breathing or sudden breathlessness needs help now (999, or 111 the same "
        "day when it is new but mild).",
    ),
    RedFlag(
        "stroke",
        "signs of a stroke",
        (
            (r"slurred speech|difficulty speaking|drooping face|face (has )?drooped|drooping",),
            (r"weakness|numbness", r"one side"),
            (r"\b(a|of|be a) stroke\b",),
        ),
        "Face drooping, arm or leg weakness on one side and slurred speech are signs of a "
        "stroke (FAST): call 999.",
    ),
    RedFlag(
        "sudden_vision",
        "sudden loss or change of vision",
        ((r"sudden(ly)?\b.{0,30}\b(vision|sight)\b|double vision|loss of (vision|sight)",),),
        "Sudden loss of vision, or blurred or double vision that comes on suddenly, needs "
        "help the same day, or 999 with other signs of a stroke.",
    ),
    RedFlag(
        "cauda_equina",
        "loss of bladder or bowel control, or saddle numbness",
        (
            (
                r"\b(bladder|bowels?|pee|poo|urine|urinating)\b",
                r"\b(control|loss|lose|losing|problems?|change|cannot|can't|unable)\b",
            ),
            (
                r"\bsaddle\b|genitals|between (your|the|both|them)|around your bottom",
                r"numb|feeling|pins and needles",
            ),
            (r"sciatica (on|in) both",),
        ),
        "Loss of bladder or bowel control or numbness around the genitals or bottom with back "
        "pain can be cauda equina syndrome: go to A&E or call 999.",
    ),
    RedFlag(
        "sudden_headache",
        "a sudden severe headache",
        (
            (r"headache", r"sudden|worst|thunderclap|very severe|hit on the head"),
            (r"severe headache",),
        ),
        "A sudden, very severe headache ('the worst ever') can be a bleed on the brain: call 999.",
    ),
    RedFlag(
        "meningitis",
        "a stiff neck with fever or a rash that does not fade",
        (
            (r"stiff neck|neck stiffness", r"rash|fever|high temperature|bright light"),
            (r"\brash\b", r"(does not|doesn't|not) fade|glass"),
        ),
        "A stiff neck with a fever, a dislike of bright light or a rash that does not fade "
        "under a glass can be meningitis or sepsis: get help now.",
    ),
    RedFlag(
        "suicide",
        "thoughts of suicide or self-harm",
        (
            (
                r"suicid|kill(ing)? (yourself|myself|themselves)|end(ing)? (your|my|their) life"
                r"|harm(ing)? (yourself|themselves)|self-harm",
            ),
        ),
        "Anyone thinking of suicide or self-harm must be told where to get help now (999, "
        "A&E, 111, or Samaritans on 116 123).",
    ),
    RedFlag(
        "pregnancy",
        "bleeding or reduced baby movements in pregnancy",
        (
            (r"pregnan|midwife|childbirth|after birth", r"\bbleed"),
            (
                r"\bbab(y|y's|ies)\b",
                r"moving less|fewer (movements|kicks)|movements? (have |has )?(slowed|stopped"
                r"|changed|reduced)|reduced movements",
            ),
        ),
        "Bleeding in or after pregnancy, or a baby moving less than usual, needs the midwife "
        "or maternity unit straight away.",
    ),
    RedFlag(
        "blood_clot",
        "a possible blood clot",
        ((r"blood clot|\bDVT\b|deep vein thrombosis|pulmonary embolism",),),
        "A swollen, painful, warm calf, or breathlessness after one, can be a blood clot: "
        "get help the same day, or call 999 when breathless.",
    ),
    RedFlag(
        "unconscious",
        "loss of consciousness",
        ((r"knocked out|passed out|lost consciousness|unconscious|collapsed",),),
        "Someone who was knocked out or collapsed needs an emergency assessment.",
    ),
    RedFlag(
        "hot_joint",
        "a hot, swollen joint with fever",
        ((r"\b(hot|red|swollen)\b", r"\bjoints?\b", r"fever|high temperature"),),
        "A hot, swollen joint with a fever can be an infected joint: it needs help the same day.",
    ),
)
