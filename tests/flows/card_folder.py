"""A fake camera for flow tests: sessions that serve a real card folder from disk, no SSH, with a hook on reads."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from libs.common.adapters.camera.errors import CameraError, CameraFileError
from libs.common.adapters.camera.remote_file import DiskUsage, RemoteFile
from libs.common.adapters.camera.target import CameraTarget

ReadHook = Callable[[str, int, int], Awaitable[bytes | None]]


class FolderClip:
    """One clip of the card folder opened for batched reads; each range of a batch goes through the read hook."""

    def __init__(self, card: CardFolder, path: str) -> None:
        """Read `path` (card-relative) of card."""
        self._card, self._path = card, path
        self.bytes_read = 0

    async def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Each range from disk, unless the card's read hook raises (a CameraError, say) or returns other bytes."""
        return [await self._read(offset, length) for offset, length in ranges]

    async def _read(self, offset: int, length: int) -> bytes:
        """One range, recorded on the card."""
        data = await self._card.on_read(self._path, offset, length) if self._card.on_read is not None else None
        if data is None:
            with (self._card.root / self._path).open("rb") as file:
                file.seek(offset)
                data = file.read(length)
        self.bytes_read += len(data)
        self._card.reads.append((self._path, offset, len(data)))
        return data


class FolderSession:
    """The CardSession surface over a card folder; clips are opened once per `open_clip` and counted."""

    def __init__(self, card: CardFolder, camera_id: str, config_ini: str) -> None:
        """Serve card.root as the camera's card and card.config as its config_ini."""
        self._card, self.camera_id, self._config_ini = card, camera_id, config_ini

    async def list_files(self, subdir: str = "") -> list[RemoteFile]:
        """Every regular file under the card (or subdir), sorted by path."""
        base = self._card.root / subdir
        files = [RemoteFile(path.relative_to(self._card.root).as_posix(), path.stat().st_size,
                            int(path.stat().st_mtime)) for path in base.rglob("*") if path.is_file()]
        return sorted(files, key=lambda remote: remote.path)

    @asynccontextmanager
    async def open_clip(self, path: str) -> AsyncIterator[FolderClip]:
        """The clip `path` (card-relative) for batched reads."""
        yield FolderClip(self._card, path)

    async def disk_usage(self) -> DiskUsage:
        """The disk holding the folder."""
        usage = shutil.disk_usage(self._card.root)
        return DiskUsage(usage.total, usage.used, usage.free)

    async def read_text(self, absolute_path: str, max_bytes: int = 1_000_000) -> str:
        """The config ini, when asked for the camera's config_ini path."""
        if absolute_path != self._config_ini or self._card.config is None:
            raise CameraFileError(f"camera {self.camera_id}: {absolute_path} does not exist")
        return self._card.config.read_text()[:max_bytes]


    async def command_output(self, argv: list[str], max_bytes: int = 1_000_000) -> tuple[str, bool]:
        """A card folder runs no commands: the camera "has no such command"."""
        raise CameraFileError(f"camera {self.camera_id}: the card folder runs no command ({argv[0]})")


class CardFolder:
    """CameraSessions for one card folder: every camera id gets a session on it; reads are recorded."""

    def __init__(self, root: Path, config: Path | None = None) -> None:
        """root: the card; config: the file served as each camera's config_ini."""
        self.root, self.config = root, config
        self.on_read: ReadHook | None = None
        self.refuse: CameraError | None = None
        self.reads: list[tuple[str, int, int]] = []
        self.sessions_opened = 0

    async def session(self, target: CameraTarget) -> FolderSession:
        """A session on the folder for target; raises `refuse` when set (a camera that cannot be reached)."""
        if self.refuse is not None:
            raise self.refuse
        self.sessions_opened += 1
        return FolderSession(self, target.camera_id, target.config_ini)

    def clip_bytes_read(self) -> int:
        """Bytes read from clip files so far."""
        return sum(length for path, _, length in self.reads if path.endswith(".mp4"))
