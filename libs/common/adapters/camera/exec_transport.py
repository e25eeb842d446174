"""Card access with shell commands for cameras without SFTP (BusyBox, dropbear): find/stat, dd, df, cat."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Sequence
from typing import Any

import asyncssh

from libs.common.adapters.camera import shell_commands
from libs.common.adapters.camera.byte_ranges import ByteRange, cut_ranges, merge_ranges
from libs.common.adapters.camera.card_transport import RangesResult
from libs.common.adapters.camera.remote_file import DiskUsage
from libs.common.adapters.camera.shell_commands import BATCH_BLOCK_SIZE, RangeReadFailed


class ExecFileReader:
    """One file read over shell commands: each batch of ranges is one `dd` call (nothing to open or close)."""

    def __init__(self, transport: ExecTransport, path: str) -> None:
        """Read `path` through `transport`."""
        self._transport = transport
        self._path = path

    async def read_ranges(self, ranges: Sequence[ByteRange]) -> RangesResult:
        """Each range's bytes and the bytes that crossed the wire, in one exec call."""
        (result,) = await self._transport.read_many([(self._path, ranges)])
        if isinstance(result, RangeReadFailed):
            raise result
        return result

    async def close(self) -> None:
        """Nothing stays open on the camera."""


class ExecTransport:
    """CardTransport running one quoted command per call on the SSH connection, binary stdout."""

    name = "exec"

    def __init__(self, connection: asyncssh.SSHClientConnection, channels_at_once: int | None = None) -> None:
        """Use an open SSH connection, with at most `channels_at_once` commands running on it (None: no bound
        beyond the link's request slots; see exec_channel_limit for the servers that need one)."""
        self._connection = connection
        self._channels = asyncio.Semaphore(channels_at_once) if channels_at_once else None

    def _channel(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """Hold a place for one command's channel, from its opening to its close. The wait counts toward the call's
        deadline, as the wait for a share of the link does when calls run side by side."""
        return self._channels or contextlib.nullcontext()

    async def _run(self, command: str) -> bytes:
        """Run a command; a non-zero exit raises asyncssh.ProcessError carrying its stderr, and a command cut
        off by a lost connection (no exit status at all) asyncssh.ConnectionLost, so its output, which may be
        cut short, is never parsed and the link retries the call on a new connection."""
        async with self._channel():
            result = await self._connection.run(command, check=True, encoding=None)
        _check_finished(result)
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

    async def open_reader(self, path: str) -> ExecFileReader:
        """A reader of `path` whose every batch is one exec call."""
        return ExecFileReader(self, path)

    async def read_many(
        self, requests: Sequence[tuple[str, Sequence[ByteRange]]]
    ) -> list[RangesResult | RangeReadFailed]:
        """Ranges of several files in ONE exec call: a framed `dd` per merged window of 512-byte blocks.

        A file whose dd fails (missing, unreadable) gets RangeReadFailed; the others are read all the same.
        """
        windows = [merge_ranges(ranges, align=BATCH_BLOCK_SIZE) for _, ranges in requests]
        flat = [(path, window) for (path, _), file_windows in zip(requests, windows, strict=True)
                for window in file_windows]
        answers: list[bytes | int] = []
        if flat:
            boundary = f"sdb-{secrets.token_hex(16)}"
            output = await self._run(shell_commands.batch_read_command(flat, boundary))
            answers = shell_commands.parse_batch_output(output, boundary, [window for _, window in flat])
        results: list[RangesResult | RangeReadFailed] = []
        position = 0
        for (path, ranges), file_windows in zip(requests, windows, strict=True):
            mine = answers[position : position + len(file_windows)]
            position += len(file_windows)
            failed = next((status for status in mine if isinstance(status, int)), None)
            if failed is not None:
                results.append(RangeReadFailed(f"dd of {path} exited with status {failed}"))
                continue
            data = [window for window in mine if isinstance(window, bytes)]
            results.append((cut_ranges(ranges, file_windows, data), sum(len(window) for window in data)))
        return results

    async def disk_usage(self, path: str) -> DiskUsage:
        """df -k of the card root."""
        output = await self._run(shell_commands.disk_usage_command(path))
        return shell_commands.parse_df(output.decode("utf-8", errors="replace"))

    async def read_text(self, path: str, max_bytes: int) -> bytes:
        """cat the file, stopping after max_bytes + 1 bytes so a huge file cannot flood us."""
        return await self.command_output(shell_commands.read_file_command(path), max_bytes)

    async def command_output(self, command: str, max_bytes: int) -> bytes:
        """Run a quoted command line, stopping after max_bytes + 1 bytes of output."""
        async with self._channel(), self._connection.create_process(command, encoding=None) as process:
            data = b""
            while len(data) <= max_bytes:
                chunk = await process.stdout.read(max_bytes + 1 - len(data))
                if not chunk:
                    break
                data += chunk
            if len(data) <= max_bytes:
                _check_finished(await process.wait(check=True))
        return data


def _check_finished(result: asyncssh.SSHCompletedProcess) -> None:
    """Raise ConnectionLost for a command that ended without an exit status or signal (the link dropped)."""
    if result.exit_status is None and result.exit_signal is None:
        raise asyncssh.ConnectionLost("the connection closed before the command finished")
