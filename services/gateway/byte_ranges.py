"""Parsing an HTTP Range header (one byte range) against a file size."""

from __future__ import annotations

import re
from dataclasses import dataclass

from libs.common.domain.ascii_numbers import MAX_DIGITS, ascii_int

_RANGE_RE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")


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
    """A byte position from the ASCII digits the pattern matched; RangeNotSatisfiable past 18 digits."""
    value = ascii_int(digits)
    if value is None:
        raise RangeNotSatisfiable(f"byte positions have at most {MAX_DIGITS} digits")
    return value
