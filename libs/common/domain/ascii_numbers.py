"""Decimal numbers in text a user or a peer sends: ASCII digits only, and never more digits than a value can need.

`str.isdigit()` and the regex `\\d` accept superscripts and other scripts' digits, which `int()` then refuses or
reads; `int()` refuses more than 4300 digits. Parse such text here instead.
"""

from __future__ import annotations

import re

MAX_DIGITS = 18  # every count, offset or id we handle stays below 10**18
_DIGITS_RE = re.compile(r"[0-9]+")


def is_ascii_digits(text: str | bytes) -> bool:
    """Whether text is one or more of the ASCII digits 0-9 and nothing else."""
    if isinstance(text, bytes):
        return text.isdigit()  # bytes methods know ASCII digits only
    return _DIGITS_RE.fullmatch(text) is not None


def ascii_int(text: str | bytes, max_digits: int = MAX_DIGITS) -> int | None:
    """The value of 1 to max_digits ASCII digits; None for anything else (signs, spaces, other digits, longer)."""
    if not is_ascii_digits(text) or len(text) > max_digits:
        return None
    return int(text)


def ascii_int_at_most(text: str | bytes, ceiling: int) -> int | None:
    """The value of ASCII digits, capped at ceiling (a longer number counts as ceiling); None if not digits."""
    if not is_ascii_digits(text):
        return None
    return ceiling if len(text) > MAX_DIGITS else min(int(text), ceiling)
