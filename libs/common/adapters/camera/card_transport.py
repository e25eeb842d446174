"""The four card operations every transport (SFTP or shell commands) provides, on absolute camera paths."""

from __future__ import annotations

from typing import Protocol

from libs.common.adapters.camera.remote_file import DiskUsage


class CardTransport(Protocol):
    """Raw card access over one SSH connection; library errors pass through for one translation boundary."""

    name: str

    async def list_files(self, directory: str) -> list[tuple[str, int, int]]:
        """Return (absolute path, size, mtime) of every regular file under `directory`, recursively."""
        ...

    async def read_range(self, path: str, offset: int, length: int) -> tuple[bytes, int]:
        """Return up to `length` bytes at `offset` and how many bytes crossed the wire to get them."""
        ...

    async def disk_usage(self, path: str) -> DiskUsage:
        """Return the capacity of the file system holding `path`."""
        ...

    async def read_text(self, path: str, max_bytes: int) -> bytes:
        """Return the file's first `max_bytes + 1` bytes at most (so the caller can tell it was too big)."""
        ...

    async def command_output(self, command: str, max_bytes: int) -> bytes:
        """Run a quoted command line; return its first `max_bytes + 1` bytes of output at most."""
        ...
