"""Parsing an HTTP Range header (one byte range) against a file size."""

from __future__ import annotations

import re
from dataclasses import dataclass

from libs.common.domain.ascii_numbers import ascii_int_at_most

_RANGE_RE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")
BEYOND_ANY_FILE = 10**18  # a longer number means "past the end" (int() would refuse 4300+ digits)


class RangeNotSatisfiable(ValueError):
    """The Range header is malformed, asks for several ranges, or lies outside the file."""


@dataclass(frozen=True)
class ByteRange:
    """An inclusive byte span [first, last] of a file."""

    first: int
    last: int

    @property
    def length(self) -> int:
        """Number of bytes in the span."""
        return self.last - self.first + 1


def parse_range(header: str, size: int) -> ByteRange:
    """The span a single-range header asks for, clipped to the file; RangeNotSatisfiable otherwise."""
    match = _RANGE_RE.fullmatch(header.strip().replace(" ", ""))
    if match is None:
        raise RangeNotSatisfiable("only one range of the form bytes=first-last is supported")
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        raise RangeNotSatisfiable("range needs a first or a last byte")
    if not first_text:
        suffix = _number(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable("empty suffix range")
        return ByteRange(max(0, size - suffix), size - 1)
    first = _number(first_text)
    last = min(_number(last_text), size - 1) if last_text else size - 1
    if first >= size or last < first:
        raise RangeNotSatisfiable(f"range starts beyond the clip's {size} bytes")
    return ByteRange(first, last)


def _number(digits: str) -> int:
    """A byte position from ASCII digits the pattern matched; any number past 10**18 counts as 10**18."""
    value = ascii_int_at_most(digits, BEYOND_ANY_FILE)
    assert value is not None, "the pattern admits ASCII digits only"
    return value
