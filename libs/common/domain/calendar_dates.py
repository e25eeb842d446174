"""Calendar days as the API names them: YYYY-MM-DD in ASCII digits, a real date (the UTC day folders)."""

from __future__ import annotations

import re
from datetime import date

_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def checked_day(value: str) -> str:
    """The value itself when it is a real calendar date written YYYY-MM-DD; ValueError saying why otherwise."""
    if not _DAY_RE.fullmatch(value):
        raise ValueError(f"date must be YYYY-MM-DD, got {value[:40]!r}")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"not a calendar date: {value!r}") from exc
    return value
