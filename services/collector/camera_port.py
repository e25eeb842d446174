"""What the collector needs of a camera: sessions on its card (CameraConnections, or a card folder in flow tests)."""

from __future__ import annotations

from typing import Protocol

from libs.common.adapters.camera.remote_file import DiskUsage, RemoteFile
from libs.common.adapters.camera.target import CameraTarget


class CardSession(Protocol):
    """One camera's card: listing, ranged reads, capacity and small text files (CameraSession's surface)."""

    camera_id: str

    async def list_files(self, subdir: str = "") -> list[RemoteFile]:
        """Every regular file under the card root, recursively, sorted by path."""
        ...

    async def read_range(self, path: str, offset: int, length: int) -> bytes:
        """`length` bytes at `offset` of the card file `path` (relative); fewer only at end of file."""
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
