"""A day given as YYYY-MM-DD (a flag, a setting, a recorded value): the one parser, and its one-line
error; and a day as the YYYYMMDD integer stores filter on."""

from __future__ import annotations

import datetime as dt

from draftbot.errors import UserError


def iso_day(value, what: str = "date") -> dt.date | None:
    """None stays None, a date stays itself, "YYYY-MM-DD" becomes its date; anything else is a
    UserError naming `what` (the flag, or "date"): `--date 'May 11' is not a date: expected YYYY-MM-DD`."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"{what} {str(value)!r} is not a date: expected YYYY-MM-DD") from None


def date_int(d: dt.date | None) -> int:
    """YYYYMMDD as an int (0 when unknown): how chunks and records are filtered by date."""
    return d.year * 10000 + d.month * 100 + d.day if d else 0
