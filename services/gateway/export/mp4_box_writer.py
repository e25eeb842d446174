"""Writing ISO-BMFF boxes: a type and a size around a payload, with the version and flags of full boxes."""

from __future__ import annotations

import struct

_MAX_32BIT_SIZE = 0xFFFFFFFF


def box(box_type: str, *parts: bytes) -> bytes:
    """A box of `box_type` holding the parts, with a 64-bit size when it does not fit 32 bits."""
    payload = b"".join(parts)
    name = box_type.encode("latin-1")
    if len(payload) + 8 > _MAX_32BIT_SIZE:
        return struct.pack(">I4sQ", 1, name, len(payload) + 16) + payload
    return struct.pack(">I4s", len(payload) + 8, name) + payload


def full_box(box_type: str, version: int, flags: int, *parts: bytes) -> bytes:
    """A full box: version and 24-bit flags before the parts."""
    return box(box_type, struct.pack(">I", (version << 24) | flags), *parts)


def mdat_header(payload_bytes: int) -> bytes:
    """The header of an mdat box whose payload follows (streamed separately)."""
    if payload_bytes + 8 > _MAX_32BIT_SIZE:
        return struct.pack(">I4sQ", 1, b"mdat", payload_bytes + 16)
    return struct.pack(">I4s", payload_bytes + 8, b"mdat")
