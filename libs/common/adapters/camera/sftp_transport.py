"""Card access over the SFTP subsystem: parallel directory walks, ranged reads, statvfs."""

from __future__ import annotations

import asyncio
import posixpath
import stat

import asyncssh

from libs.common.adapters.camera.exec_transport import ExecTransport
from libs.common.adapters.camera.remote_file import DiskUsage


class SftpTransport:
    """CardTransport over one SFTP client channel."""

    name = "sftp"

    def __init__(self, sftp: asyncssh.SFTPClient, connection: asyncssh.SSHClientConnection) -> None:
        """Wrap an open SFTP client; the connection serves `df` when the server lacks statvfs."""
        self._sftp = sftp
        self._shell = ExecTransport(connection)

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

    async def read_range(self, path: str, offset: int, length: int) -> tuple[bytes, int]:
        """Read the range in plain sequential requests (block_size=0: asyncssh's parallel reader leaves orphan
        tasks with unretrieved errors when a stalled call is aborted, and our reads are small)."""
        data = b""
        async with self._sftp.open(path, "rb", block_size=0) as remote:
            while len(data) < length:
                chunk = await remote.read(length - len(data), offset + len(data))
                assert isinstance(chunk, bytes)
                if not chunk:
                    break
                data += chunk
        return data, len(data)

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
        """Read at most max_bytes + 1 bytes from the start of the file."""
        async with self._sftp.open(path, "rb") as remote:
            data = await remote.read(max_bytes + 1, 0)
        assert isinstance(data, bytes)
        return data
