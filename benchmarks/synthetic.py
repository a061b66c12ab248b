"""Deterministic synthetic source texts of the same kind as fixtures/source/*.txt.

Each text has what the real ones have: a title line, body paragraphs (about 5 KB, like the
real article), a one-line topic fragment, a sentence pointing to other articles on the topic,
the medical disclaimer paragraph, a "photo credit" fragment, a closing call to action and a
`Tags:` line. `random.Random(seed)` makes the same corpus on every run.
"""

import random
from pathlib import Path

CONDITIONS = [
    "neck pain", "back pain", "headaches", "sciatica", "shoulder pain", "knee pain",
    "muscle spasms", "trigger points", "fibromyalgia", "posture", "whiplash", "hip pain",
    "tennis elbow", "plantar fasciitis", "jaw pain", "disc herniation",
]  # fmt: skip
WORDS = [
    "muscle", "spine", "nerve", "tension", "stress", "posture", "movement", "joint", "pain",
    "relief", "stretch", "hydration", "recovery", "balance", "strength", "body", "system",
    "response", "tissue", "injury", "range", "motion", "pressure", "heat", "exercise", "breathing",
    "practitioner", "treatment", "symptoms", "cause", "common", "healthy", "daily", "routine",
    "support", "flexible", "gentle", "approach", "reason", "mechanism", "condition", "local",
    "focal", "pattern", "help",
]  # fmt: skip
OPENERS = ["However,", "In fact,", "Luckily,", "Often,", "Sometimes,", "Still,", "So,", "Well,"]
DISCLAIMER = (
    "If you are experiencing any of these symptoms, I'd suggest you visit with your trusted "
    "local health care practitioner to determine the exact nature of your complaints. You "
    "don't want to rely on information you read on our site as a means of self-diagnosing "
    "health conditions."
)
CALLS_TO_ACTION = [
    "Contact us today to be properly evaluated and get back on the road to a pain free body.",
    "Call us to book an assessment.",
    "Book an appointment with us and we will help you find out what is going on.",
]


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    text = " ".join(words)
    if rng.random() < 0.3:
        text = f"{rng.choice(OPENERS)} {text}"
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def paragraph(rng, sentences=(4, 8)):
    return "  ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def source_text(rng, number):
    """One source text; `number` keeps titles (and so slugs) unique."""
    topic = rng.choice(CONDITIONS)
    other = rng.choice([c for c in CONDITIONS if c != topic])
    title = f"{topic.title()} or {other.title()}, Which Is It? ({number})"
    body = [paragraph(rng) for _ in range(rng.randint(8, 11))]
    closing = f"{paragraph(rng, (3, 5))}  {rng.choice(CALLS_TO_ACTION)}"
    tags = ", ".join(rng.sample(CONDITIONS, rng.randint(0, 3)))
    parts = [
        title,
        body[0],
        topic,
        f"If you don't want this type of thing, read this and the other articles regarding "
        f"{topic} on our site.",
        DISCLAIMER,
        "photo credit",
        *body[1:],
        closing,
        f"Tags: {tags}",
    ]
    return "\n\n".join(parts) + "\n"


def write_sources(directory, count, seed=8):
    """Write `count` texts into `directory`; returns their paths (sorted, as the builder reads)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(1, count + 1):
        path = directory / f"article-{number:05d}.txt"
        path.write_text(source_text(rng, number), encoding="utf-8")
        paths.append(path)
    return paths
