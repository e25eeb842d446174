"""Read-only SFTP server over the simulated camera file system (chroot-like mapping, throttled reads)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import NoReturn

import asyncssh

from libs.camera_simulator.camera_filesystem import CameraFilesystem, OutsideCamera
from libs.camera_simulator.read_stall import ReadStall
from libs.camera_simulator.request_counts import RequestCounts
from libs.camera_simulator.throttle import Throttle

_WRITE_FLAGS = asyncssh.FXF_WRITE | asyncssh.FXF_APPEND | asyncssh.FXF_CREAT | asyncssh.FXF_TRUNC


def _read_only() -> NoReturn:
    """Refuse any change to the card."""
    raise asyncssh.SFTPPermissionDenied("the simulated card is read-only")


class CardSftpServer(asyncssh.SFTPServer):
    """Serves sd_root and the config ini only; everything else does not exist. Counts opens and reads."""

    def __init__(self, channel: asyncssh.SSHServerChannel[bytes], filesystem: CameraFilesystem,
                 throttle: Throttle, stall: ReadStall | None = None, counts: RequestCounts | None = None) -> None:
        """Serve `filesystem` on `channel`, slowed down by `throttle`; reads hang once `stall` says so."""
        super().__init__(channel)
        self._filesystem = filesystem
        self._throttle = throttle
        self._stall = stall or ReadStall()
        self._counts = counts or RequestCounts()
        self._open_paths: dict[object, str] = {}

    def map_path(self, path: bytes) -> bytes:
        """Camera path -> local path, refusing anything outside the card and the config ini."""
        try:
            return os.fsencode(self._filesystem.local_path(os.fsdecode(path)))
        except OutsideCamera as refusal:
            raise asyncssh.SFTPNoSuchFile(str(refusal)) from None

    def reverse_map_path(self, path: bytes) -> bytes:
        """Local path -> camera path."""
        try:
            return os.fsencode(self._filesystem.camera_path(Path(os.fsdecode(path))))
        except ValueError:
            raise asyncssh.SFTPNoSuchFile("no such file or directory") from None

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> object:
        """Open for reading only."""
        if pflags & _WRITE_FLAGS:
            _read_only()
        opened = super().open(path, pflags, attrs)
        camera_path = os.fsdecode(path)
        self._counts.sftp_opens[camera_path] += 1
        self._open_paths[opened] = camera_path
        return opened

    def close(self, file_obj: object) -> None:
        """Close a file and forget its path."""
        self._open_paths.pop(file_obj, None)
        super().close(file_obj)

    async def read(self, file_obj: object, offset: int, size: int) -> bytes:
        """Read a block, after the request latency and at the configured rate."""
        self._counts.sftp_reads[self._open_paths.get(file_obj, "")] += 1
        await self._throttle.request()
        data = super().read(file_obj, offset, size)
        assert isinstance(data, bytes)
        await self._stall.pass_bytes(len(data))
        await self._throttle.transfer(len(data))
        return data

    async def scandir(self, path: bytes) -> AsyncIterator[asyncssh.SFTPName]:
        """Directory entries without '.' and '..' (whose parents the camera does not expose)."""
        await self._throttle.request()
        with os.scandir(self.map_path(path)) as entries:
            for entry in entries:
                attrs = asyncssh.SFTPAttrs.from_local(entry.stat(follow_symlinks=False))
                yield asyncssh.SFTPName(entry.name, attrs=attrs)

    def statvfs(self, path: bytes) -> asyncssh.SFTPVFSAttrs:
        """The simulated card's capacity in 1 KiB blocks."""
        self.map_path(path)
        usage = self._filesystem.usage()
        free_blocks = usage.free_bytes // 1024
        return asyncssh.SFTPVFSAttrs(
            bsize=4096, frsize=1024, blocks=usage.total_bytes // 1024, bfree=free_blocks, bavail=free_blocks,
            files=0, ffree=0, favail=0, fsid=0, flags=0, namemax=255,
        )

    def remove(self, path: bytes) -> NoReturn:
        """Refused: read-only card."""
        _read_only()

    def mkdir(self, path: bytes, attrs: asyncssh.SFTPAttrs) -> NoReturn:
        """Refused: read-only card."""
        _read_only()

    def rmdir(self, path: bytes) -> NoReturn:
        """Refused: read-only card."""
        _read_only()

    def rename(self, oldpath: bytes, newpath: bytes) -> NoReturn:
        """Refused: read-only card."""
        _read_only()

    def posix_rename(self, oldpath: bytes, newpath: bytes) -> NoReturn:
        """Refused: read-only card."""
        _read_only()

    def setstat(self, path: bytes, attrs: asyncssh.SFTPAttrs) -> NoReturn:
        """Refused: read-only card."""
        _read_only()

    def symlink(self, oldpath: bytes, newpath: bytes) -> NoReturn:
        """Refused: read-only card."""
        _read_only()

    def link(self, oldpath: bytes, newpath: bytes) -> NoReturn:
        """Refused: read-only card."""
        _read_only()
