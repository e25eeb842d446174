"""Filling a disk the way another program would: one file written until the disk has no room left."""

from __future__ import annotations

from pathlib import Path


def fill(disk: Path) -> Path:
    """Write a file under disk until ENOSPC; the file, to delete to free the space."""
    filler = disk / "filler.bin"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    with filler.open("ab", buffering=0) as handle:  # the last partial block
        try:
            while True:
                handle.write(b"\0" * 512)
        except OSError:
            pass
    return filler
