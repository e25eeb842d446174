"""What the collector needs of a camera: sessions on its card (CameraConnections, or a card folder in flow tests)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from libs.common.adapters.camera.remote_file import DiskUsage, RemoteFile
from libs.common.adapters.camera.target import CameraTarget


class OpenedClip(Protocol):
    """A clip opened once on the camera and read in batches of ranges (CameraSession.open_clip's OpenClip)."""

    bytes_read: int

    async def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Each range's bytes, read as one batch (fewer only at end of file); raises CameraError."""
        ...


class CardSession(Protocol):
    """One camera's card: listing, clips opened for batched reads, capacity, small files (CameraSession's surface)."""

    camera_id: str

    async def list_files(self, subdir: str = "") -> list[RemoteFile]:
        """Every regular file under the card root, recursively, sorted by path."""
        ...

    def open_clip(self, path: str) -> AbstractAsyncContextManager[OpenedClip]:
        """The card file `path` (relative) for batched reads, opened on its first batch, closed on leaving."""
        ...

    async def disk_usage(self) -> DiskUsage:
        """Capacity of the card's file system."""
        ...

    async def read_text(self, absolute_path: str, max_bytes: int = 1_000_000) -> str:
        """A small text file anywhere on the camera (e.g. its config ini)."""
        ...

    async def command_output(self, argv: list[str], max_bytes: int = 1_000_000) -> tuple[str, bool]:
        """A command's output (every word quoted) as UTF-8, and whether it was cut at max_bytes."""
        ...


class CameraSessions(Protocol):
    """Hands out sessions on cameras; raises CameraError when a camera cannot be reached."""

    async def session(self, target: CameraTarget) -> CardSession:
        """A session on target's card."""
        ...
