"""Card access with shell commands for cameras without SFTP (BusyBox, dropbear): find/stat, dd, df, cat."""

from __future__ import annotations

import asyncssh

from libs.common.adapters.camera import shell_commands
from libs.common.adapters.camera.remote_file import DiskUsage


class ExecTransport:
    """CardTransport running one quoted command per call on the SSH connection, binary stdout."""

    name = "exec"

    def __init__(self, connection: asyncssh.SSHClientConnection) -> None:
        """Use an open SSH connection."""
        self._connection = connection

    async def _run(self, command: str) -> bytes:
        """Run a command; a non-zero exit raises asyncssh.ProcessError carrying its stderr."""
        result = await self._connection.run(command, check=True, encoding=None)
        stdout = result.stdout
        assert isinstance(stdout, bytes)
        return stdout

    async def list_files(self, directory: str) -> list[tuple[str, int, int]]:
        """find + stat under `directory`."""
        output = await self._run(shell_commands.list_files_command(directory))
        return shell_commands.parse_listing(output.decode("utf-8", errors="strict"))

    async def read_range(self, path: str, offset: int, length: int) -> tuple[bytes, int]:
        """dd the 4 KiB-aligned blocks covering the range, then trim locally."""
        window = await self._run(shell_commands.read_range_command(path, offset, length))
        return shell_commands.trim_window(window, offset, length), len(window)

    async def disk_usage(self, path: str) -> DiskUsage:
        """df -k of the card root."""
        output = await self._run(shell_commands.disk_usage_command(path))
        return shell_commands.parse_df(output.decode("utf-8", errors="replace"))

    async def read_text(self, path: str, max_bytes: int) -> bytes:
        """cat the file, stopping after max_bytes + 1 bytes so a huge file cannot flood us."""
        return await self.command_output(shell_commands.read_file_command(path), max_bytes)

    async def command_output(self, command: str, max_bytes: int) -> bytes:
        """Run a quoted command line, stopping after max_bytes + 1 bytes of output."""
        async with self._connection.create_process(command, encoding=None) as process:
            data = b""
            while len(data) <= max_bytes:
                chunk = await process.stdout.read(max_bytes + 1 - len(data))
                if not chunk:
                    break
                data += chunk
            if len(data) <= max_bytes:
                await process.wait(check=True)
        return data
