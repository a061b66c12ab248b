"""Where everything went: the per-text placement report and the `--explain` scores."""

EXCERPT = 60


def excerpt(text, width=EXCERPT):
    return text if len(text) <= width else text[: width - 1] + "…"


def placements(article, name):
    """One line per unit of the source: its line, where it went, what it was, the detail."""
    lines = [f"{name}: {article.title!r}"]
    for placement in article.placements:
        kind = "" if placement.kind == placement.goes_to else f" ({placement.kind})"
        note = f" — {placement.note}" if placement.note else ""
        lines.append(
            f"  {placement.line:>4}  {placement.goes_to}{kind}{note}: {excerpt(placement.text)!r}"
        )
    return lines


def explain(article, name):
    """The placement report with every kind's score behind each decision."""
    lines = [f"{name}: {article.title!r}", "  (score / threshold; ✓ reached, ✗ not; cues)"]
    seen = set()
    for placement in article.placements:
        kind = "" if placement.kind == placement.goes_to else f" ({placement.kind})"
        note = f" — {placement.note}" if placement.note else ""
        lines.append(
            f"  {placement.line:>4}  {placement.goes_to}{kind}{note}: {excerpt(placement.text)!r}"
        )
        if id(placement.scores) in seen:  # a paragraph split in two: scores shown once
            continue
        seen.add(id(placement.scores))
        for score in placement.scores:
            if not score.hits:
                continue
            mark = "✓" if score.passed else "✗"
            subject = f" [{score.subject}]" if score.subject else ""
            level = f" level={score.level}" if score.level else ""
            cues = ", ".join(f"{name} {weight:+g}" for name, weight in score.hits)
            missing = f"; missing: {', '.join(score.missing)}" if score.missing else ""
            lines.append(
                f"          {mark} {score.kind}{subject}{level} "
                f"{score.total:g}/{score.threshold:g}: {cues}{missing}"
            )
    return lines
