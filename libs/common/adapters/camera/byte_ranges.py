"""Byte ranges of a file: merged into the fewest reads, and each requested range cut back out of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class ByteRange(NamedTuple):
    """`length` bytes at `offset`."""

    offset: int
    length: int

    @property
    def end(self) -> int:
        """The offset just past the range."""
        return self.offset + self.length


def check_ranges(ranges: Sequence[tuple[int, int]]) -> list[ByteRange]:
    """The ranges as ByteRanges; ValueError for a negative offset or length."""
    checked = [ByteRange(offset, length) for offset, length in ranges]
    for offset, length in checked:
        if offset < 0 or length < 0:
            raise ValueError(f"offset and length must not be negative (got {offset}, {length})")
    return checked


def merge_ranges(ranges: Sequence[ByteRange], align: int = 1) -> list[ByteRange]:
    """The fewest windows, in file order, that cover every non-empty range: overlapping or touching ranges
    merge; with `align`, windows start and end on multiples of it (dd reads whole blocks)."""
    spans = sorted((offset // align * align, -(-(offset + length) // align) * align)
                   for offset, length in ranges if length > 0)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [ByteRange(start, end - start) for start, end in merged]


def cut_ranges(ranges: Sequence[ByteRange], windows: Sequence[ByteRange], data: Sequence[bytes]) -> list[bytes]:
    """Each range's bytes out of the windows' data (a window's data is shorter only at end of file)."""
    cut = []
    for offset, length in ranges:
        if length == 0:
            cut.append(b"")
            continue
        index = next(i for i, window in enumerate(windows) if window.offset <= offset < window.end)
        start = offset - windows[index].offset
        cut.append(data[index][start : start + length])
    return cut
