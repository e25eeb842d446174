"""Plain facts about a camera's card: one file's size and age, and the card's capacity."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RemoteFile:
    """A regular file on the card: path relative to the card root ('/'-separated), bytes, mtime (epoch s)."""

    path: str
    size: int
    mtime: int


@dataclass(frozen=True)
class DiskUsage:
    """Capacity of the file system holding the card, in bytes."""

    total_bytes: int
    used_bytes: int
    free_bytes: int
