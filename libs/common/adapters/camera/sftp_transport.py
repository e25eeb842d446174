"""Card access over the SFTP subsystem: parallel directory walks, pipelined ranged reads, statvfs."""

from __future__ import annotations

import asyncio
import posixpath
import stat
from collections.abc import Sequence

import asyncssh

from libs.common.adapters.camera.byte_ranges import ByteRange
from libs.common.adapters.camera.exec_transport import ExecTransport
from libs.common.adapters.camera.remote_file import DiskUsage
from libs.common.adapters.camera.sftp_file_reader import SftpFileReader, open_sftp_reader
from libs.common.adapters.camera.shell_commands import RangeReadFailed
from libs.common.adapters.camera.task_batch import gather_all


class SftpTransport:
    """CardTransport over one SFTP client channel."""

    name = "sftp"

    def __init__(
        self, sftp: asyncssh.SFTPClient, connection: asyncssh.SSHClientConnection, exec_channels: int | None = None
    ) -> None:
        """Wrap an open SFTP client; the connection serves `df` when the server lacks statvfs, and commands, with
        at most `exec_channels` of them running at once (None: no bound)."""
        self._sftp = sftp
        self._shell = ExecTransport(connection, exec_channels)

    async def list_files(self, directory: str) -> list[tuple[str, int, int]]:
        """Walk `directory`, reading sibling folders in parallel; symlinks and specials are skipped."""
        files: list[tuple[str, int, int]] = []
        subdirectories: list[str] = []
        for entry in await self._sftp.readdir(directory):
            name = entry.filename
            assert isinstance(name, str)
            mode = entry.attrs.permissions
            if name in (".", "..") or mode is None:
                continue
            full_path = posixpath.join(directory, name)
            if stat.S_ISDIR(mode):
                subdirectories.append(full_path)
            elif stat.S_ISREG(mode):
                files.append((full_path, entry.attrs.size or 0, int(entry.attrs.mtime or 0)))
        for nested in await asyncio.gather(*(self.list_files(sub) for sub in subdirectories)):
            files.extend(nested)
        return files

    async def open_reader(self, path: str) -> SftpFileReader:
        """Open `path` once; its reader sends each batch of ranges as requests all in flight on this channel."""
        return await open_sftp_reader(self._sftp, path)

    async def read_range(self, path: str, offset: int, length: int) -> tuple[bytes, int]:
        """One range: open, read (in as many requests as the server's read limit needs, all in flight), close."""
        reader = await self.open_reader(path)
        try:
            (data,), wire_bytes = await reader.read_ranges([ByteRange(offset, length)])
        finally:
            await reader.close()
        return data, wire_bytes

    async def read_many(
        self, requests: Sequence[tuple[str, Sequence[ByteRange]]]
    ) -> list[tuple[list[bytes], int] | RangeReadFailed]:
        """Ranges of several files at once, each file opened once."""
        return await gather_all([self._read_file(path, ranges) for path, ranges in requests])

    async def _read_file(self, path: str, ranges: Sequence[ByteRange]) -> tuple[list[bytes], int]:
        """Open, read the ranges in one batch, close."""
        reader = await self.open_reader(path)
        try:
            return await reader.read_ranges(ranges)
        finally:
            await reader.close()

    async def disk_usage(self, path: str) -> DiskUsage:
        """statvfs@openssh.com (df -k if unsupported): used = blocks - free blocks, free = blocks available to users."""
        try:
            vfs = await self._sftp.statvfs(path)
        except asyncssh.SFTPOpUnsupported:
            return await self._shell.disk_usage(path)
        return DiskUsage(
            total_bytes=vfs.blocks * vfs.frsize,
            used_bytes=(vfs.blocks - vfs.bfree) * vfs.frsize,
            free_bytes=vfs.bavail * vfs.frsize,
        )

    async def command_output(self, command: str, max_bytes: int) -> bytes:
        """Commands run on the SSH connection beside the SFTP channel."""
        return await self._shell.command_output(command, max_bytes)

    async def read_text(self, path: str, max_bytes: int) -> bytes:
        """Read at most max_bytes + 1 bytes from the start of the file, with our own requests (asyncssh's parallel
        reader leaves a task whose error nobody retrieves when the link is cut in the middle of it)."""
        data, _ = await self.read_range(path, 0, max_bytes + 1)
        return data
