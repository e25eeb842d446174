"""What callers do with a camera's card: list clips, open clips for batched reads, disk usage, read its config."""

from __future__ import annotations

import shlex

import structlog

from libs.common.adapters.camera.byte_window import ByteWindow
from libs.common.adapters.camera.camera_link import CameraLink
from libs.common.adapters.camera.errors import CameraFileError, CameraPathRefused
from libs.common.adapters.camera.exec_batcher import ExecReadBatcher
from libs.common.adapters.camera.open_clip import OpenClip, SharedReads
from libs.common.adapters.camera.remote_file import DiskUsage, RemoteFile
from libs.common.adapters.camera.remote_paths import absolute_camera_path, card_path, relative_to_root

log = structlog.get_logger(__name__)

MAX_BYTES_IN_FLIGHT = 2 * 1024 * 1024


class CameraSession:
    """One caller's view of a camera over its shared connection; counts the bytes it read."""

    def __init__(self, link: CameraLink, max_bytes_in_flight: int = MAX_BYTES_IN_FLIGHT) -> None:
        """Use the camera's shared link (see CameraConnections.session); clip reads of this session keep at most
        `max_bytes_in_flight` bytes asked for and not yet answered (the link's slots bound how many calls)."""
        self._link = link
        self._sd_root = link.target.sd_root
        self.camera_id = link.target.camera_id
        self._reads = SharedReads(link, ByteWindow(max_bytes_in_flight), ExecReadBatcher(link))

    @property
    def bytes_read(self) -> int:
        """Bytes that crossed the wire for this session's file reads."""
        return self._reads.bytes_read

    @property
    def exec_calls(self) -> int:
        """Batched `dd` calls this session's clip reads made (exec-only cameras)."""
        return self._reads.batcher.calls_made

    @property
    def transport(self) -> str:
        """'sftp' or 'exec': how this camera's card is being read."""
        return self._link.transport_name

    async def list_files(self, subdir: str = "") -> list[RemoteFile]:
        """Every regular file under sd_root[/subdir], recursively, sorted by path."""
        directory = card_path(self._sd_root, subdir)
        listed = await self._link.call(f"listing {directory}", lambda card: card.list_files(directory))
        files = []
        for absolute, size, mtime in listed:
            try:
                files.append(RemoteFile(relative_to_root(self._sd_root, absolute), size, mtime))
            except CameraPathRefused as refusal:
                log.warning("camera listed a path we refuse", camera_id=self.camera_id, reason=str(refusal))
        return sorted(files, key=lambda remote: remote.path)

    async def read_range(self, path: str, offset: int, length: int) -> bytes:
        """`length` bytes at `offset` of the card file `path` (relative); fewer only at end of file."""
        if offset < 0 or length < 0:
            raise ValueError(f"offset and length must not be negative (got {offset}, {length})")
        absolute = card_path(self._sd_root, path)
        if length == 0:
            return b""
        data, wire_bytes = await self._link.call(
            f"reading {absolute}", lambda card: card.read_range(absolute, offset, length)
        )
        self._reads.bytes_read += wire_bytes
        return data

    def open_clip(self, path: str) -> OpenClip:
        """The card file `path` (relative) for batched reads: `async with session.open_clip(path) as clip:`.

        Raises CameraPathRefused at once for a path that would leave the card root.
        """
        return OpenClip(self._reads, card_path(self._sd_root, path))

    async def disk_usage(self) -> DiskUsage:
        """Capacity of the card's file system."""
        return await self._link.call("reading disk usage", lambda card: card.disk_usage(self._sd_root))

    async def read_text(self, absolute_path: str, max_bytes: int = 1_000_000) -> str:
        """A small text file anywhere on the camera (e.g. its config ini), decoded as UTF-8."""
        path = absolute_camera_path(absolute_path)
        data = await self._link.call(f"reading {path}", lambda card: card.read_text(path, max_bytes))
        if len(data) > max_bytes:
            raise CameraFileError(
                f"camera {self.camera_id}: {path} is larger than {max_bytes} bytes; refusing to read it"
            )
        return data.decode("utf-8", errors="replace")

    async def command_output(self, argv: list[str], max_bytes: int = 1_000_000) -> tuple[str, bool]:
        """A command's output (every word quoted) as UTF-8, and whether it was cut at max_bytes."""
        command = shlex.join(argv)
        data = await self._link.call(f"running {argv[0]}", lambda card: card.command_output(command, max_bytes))
        return data[:max_bytes].decode("utf-8", errors="replace"), len(data) > max_bytes
