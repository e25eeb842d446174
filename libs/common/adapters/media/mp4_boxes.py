"""Walking ISO-BMFF boxes held in memory: headers, children, full-box fields."""

import struct
from collections.abc import Iterator
from dataclasses import dataclass

from libs.common.adapters.media.errors import ClipUnreadable


@dataclass(frozen=True)
class Box:
    """One box inside a buffer: its type and where its header, payload and end lie."""

    type: str
    start: int
    payload: int
    end: int


def parse_box_header(buf: bytes, pos: int, limit: int) -> Box:
    """The box whose header starts at buf[pos]; size 0 means 'to limit'."""
    if limit - pos < 8:
        raise ClipUnreadable(f"corrupt box at byte {pos}: only {limit - pos} bytes left for an 8-byte header")
    size, raw_type = struct.unpack_from(">I4s", buf, pos)
    box_type = raw_type.decode("latin-1")
    header = 8
    if size == 1:
        if limit - pos < 16:
            raise ClipUnreadable(f"corrupt '{box_type}' box at byte {pos}: 64-bit size cut off")
        (size,) = struct.unpack_from(">Q", buf, pos + 8)
        header = 16
    elif size == 0:
        size = limit - pos
    if size < header or pos + size > limit:
        raise ClipUnreadable(f"corrupt '{box_type}' box at byte {pos}: size {size} does not fit its parent")
    return Box(box_type, pos, pos + header, pos + size)


def iter_boxes(buf: bytes, start: int, end: int) -> Iterator[Box]:
    """The boxes laid end to end in buf[start:end]."""
    pos = start
    while pos < end:
        box = parse_box_header(buf, pos, end)
        yield box
        pos = box.end


def find_child(buf: bytes, parent: Box, box_type: str) -> Box | None:
    """The first child of parent with the given type, if any."""
    return next((b for b in iter_boxes(buf, parent.payload, parent.end) if b.type == box_type), None)


def find_path(buf: bytes, parent: Box, *path: str) -> Box | None:
    """The box reached by following child types from parent, if all exist."""
    box: Box | None = parent
    for box_type in path:
        if box is None:
            return None
        box = find_child(buf, box, box_type)
    return box


def full_box_header(buf: bytes, box: Box) -> tuple[int, int, int]:
    """(version, flags, offset of the fields after them) of a full box."""
    if box.end - box.payload < 4:
        raise ClipUnreadable(f"corrupt '{box.type}' box at byte {box.start}: too short for version and flags")
    (word,) = struct.unpack_from(">I", buf, box.payload)
    return word >> 24, word & 0xFFFFFF, box.payload + 4


def unpack_table(buf: bytes, pos: int, end: int, count: int, row_format: str, box: Box) -> list[tuple[int, ...]]:
    """count rows of a big-endian struct format starting at pos, refusing counts that overrun end."""
    row = struct.Struct(">" + row_format)
    if count < 0 or pos + count * row.size > end:
        raise ClipUnreadable(f"corrupt '{box.type}' box at byte {box.start}: {count} entries do not fit the box")
    return list(row.iter_unpack(buf[pos : pos + count * row.size]))


def unpack_column(buf: bytes, pos: int, end: int, count: int, field_format: str, box: Box,
                  per_entry: int = 1) -> list[int]:
    """count entries of `per_entry` big-endian fields of one struct format code starting at pos, as one flat list
    (one call, not row by row), refusing counts that overrun end."""
    fields = count * per_entry
    if count < 0 or pos + fields * struct.calcsize(">" + field_format) > end:
        raise ClipUnreadable(f"corrupt '{box.type}' box at byte {box.start}: {count} entries do not fit the box")
    return list(struct.unpack_from(f">{fields}{field_format}", buf, pos))
