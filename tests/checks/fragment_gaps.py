"""A fragmented clip that lost time between fragments: each later fragment's tfdt moved on, its samples unchanged."""

from __future__ import annotations

import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path

CONTAINERS = {"moof", "traf"}


def _boxes(data: bytearray, start: int, end: int) -> Iterator[tuple[str, int, int, int]]:
    """(type, box start, payload start, box end) of the boxes in data[start:end] (32-bit sizes, as ffmpeg writes)."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        yield kind.decode("latin-1"), pos, pos + 8, pos + size
        pos += size


def _tfdt_offsets(data: bytearray) -> list[tuple[int, int]]:
    """(value offset, version) of every tfdt box, in file order (one per fragment of a one-track clip)."""
    found = []
    for kind, _, payload, end in _boxes(data, 0, len(data)):
        if kind != "moof":
            continue
        for traf_kind, _, traf_payload, traf_end in _boxes(data, payload, end):
            if traf_kind != "traf":
                continue
            for inner, box_start, _, _ in _boxes(data, traf_payload, traf_end):
                if inner == "tfdt":
                    found.append((box_start + 12, data[box_start + 8]))
    return found


def fragmented_with_lost_time(folder: Path, from_fragment: int) -> Path:
    """A 6 s, 15 fps video-only clip in 1 s fragments whose fragments from `from_fragment` on start one fragment's
    length later than their samples say: a camera that lost a second (15 frames) between two fragments."""
    source, target = folder / "fragmented.mp4", folder / f"fragmented-lost-{from_fragment}.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15:duration=6",
                    "-c:v", "libx264", "-preset", "superfast", "-bf", "0", "-g", "15", "-sc_threshold", "0",
                    "-pix_fmt", "yuv420p", "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(source)],
                   check=True)
    data = bytearray(source.read_bytes())
    offsets = _tfdt_offsets(data)
    values = [struct.unpack_from(">Q" if version else ">I", data, at)[0] for at, version in offsets]
    lost = values[1] - values[0]
    for at, version in offsets[from_fragment:]:
        fmt = ">Q" if version else ">I"
        struct.pack_into(fmt, data, at, struct.unpack_from(fmt, data, at)[0] + lost)
    target.write_bytes(bytes(data))
    return target
