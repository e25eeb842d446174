"""Where a file's top-level boxes lie, read plainly from the whole file (the tests' own reference)."""

import struct
from pathlib import Path


def top_level_boxes(path: Path) -> dict[str, tuple[int, int]]:
    """{box type: (offset, size)} of a file's top-level boxes (the last one of each type)."""
    data = path.read_bytes()
    boxes: dict[str, tuple[int, int]] = {}
    pos = 0
    while pos < len(data):
        size, box_type = struct.unpack_from(">I4s", data, pos)
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, pos + 8)
        boxes[box_type.decode()] = (pos, size)
        pos += size
    return boxes
