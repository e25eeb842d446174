"""A small binary container for the keyframes of one clip: time and Annex-B bytes of each."""

from __future__ import annotations

import struct
from dataclasses import dataclass

_MAGIC = b"SDBK1"
_HEADER = struct.Struct(">5sI")
_ENTRY = struct.Struct(">dI")


class BadKeyframePack(ValueError):
    """Bytes that are not a keyframe pack."""


@dataclass(frozen=True)
class PackedKeyframe:
    """One keyframe: its time in the clip and decodable Annex-B bytes."""

    time_s: float
    data: bytes


def pack_keyframes(frames: list[PackedKeyframe]) -> bytes:
    """Serialise keyframes into one object."""
    parts = [_HEADER.pack(_MAGIC, len(frames))]
    for frame in frames:
        parts.append(_ENTRY.pack(frame.time_s, len(frame.data)))
        parts.append(frame.data)
    return b"".join(parts)


def unpack_keyframes(blob: bytes) -> list[PackedKeyframe]:
    """Read keyframes back, refusing truncated or foreign bytes."""
    try:
        magic, count = _HEADER.unpack_from(blob, 0)
        if magic != _MAGIC:
            raise BadKeyframePack("not a keyframe pack")
        offset, frames = _HEADER.size, []
        for _ in range(count):
            time_s, length = _ENTRY.unpack_from(blob, offset)
            offset += _ENTRY.size
            if offset + length > len(blob):
                raise BadKeyframePack("keyframe pack is truncated")
            frames.append(PackedKeyframe(time_s, blob[offset : offset + length]))
            offset += length
    except struct.error as exc:
        raise BadKeyframePack(f"keyframe pack is truncated: {exc}") from exc
    return frames
