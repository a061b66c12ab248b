"""Query parameters that hold dates: parsed once, refused with a 400 that names them.

`modified_after`, `reviewed_after` and `since` accept ISO 8601: a date (`2026-03-01`, midnight
in the site's time zone) or a date-time (`2026-03-01T09:30:00Z`, `…+01:00`; without an offset,
the site's time zone). A `+` in a query string is a space once decoded, so an offset written
`+01:00` arrives as ` 01:00`: the error says to send it as `%2B`.
"""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.api.v2.utils import BadRequestError

# What `iso_datetime` accepts, for the OpenAPI document.
ISO_DATETIME_SCHEMA = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
    "examples": ["2026-03-01", "2026-03-01T09:30:00Z"],
}


def iso_datetime(name, value):
    """The aware datetime `value` names, or a BadRequestError naming the parameter."""
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime.datetime.combine(day, datetime.time())
    except ValueError:  # well-formed but impossible, e.g. 2026-02-30
        parsed = None
    if parsed is None:
        hint = " (send a '+' in a time zone offset as %2B)" if " " in value else ""
        raise BadRequestError(
            f"{name}: {value!r} is not an ISO 8601 date or date-time, e.g. 2026-03-01 or "
            f"2026-03-01T09:30:00Z{hint}"
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    try:
        # In UTC: PostgreSQL refuses offsets beyond ±15:59 (ISO 8601 allows up to ±23:59).
        return parsed.astimezone(datetime.UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+05:00: before (or after) every time stored
        return (
            datetime.datetime.min.replace(tzinfo=datetime.UTC)
            if parsed.year == 1
            else (datetime.datetime.max.replace(tzinfo=datetime.UTC))
        )


def iso_date(name, value):
    """The date `value` names (a date-time counts by its date in the site's time zone)."""
    return timezone.localtime(iso_datetime(name, value)).date()
