"""The simulated camera's shell: `;`-separated cat, date -u, df -k, dd, dmesg, echo ($? too), find -exec stat, sh -c,
stat; else 127.

Of redirections only `2>/dev/null` is understood; dd prints no record counts. The clock, /proc/uptime and the boot
id come from the camera's SimulatedClock.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncssh

from libs.camera_simulator.camera_filesystem import CameraFilesystem, OutsideCamera
from libs.camera_simulator.read_stall import ReadStall
from libs.camera_simulator.request_counts import RequestCounts
from libs.camera_simulator.simulated_clock import SimulatedClock
from libs.camera_simulator.system_files import KERNEL_LOG_NAME
from libs.camera_simulator.throttle import Throttle

CHUNK_BYTES = 64 * 1024
CLOCK_FILES: dict[str, Callable[[SimulatedClock], str]] = {
    "/proc/uptime": SimulatedClock.uptime_output,
    "/proc/sys/kernel/random/boot_id": lambda clock: clock.boot_id + "\n",
}
DISCARD_STDERR = "2>/dev/null"
FIND_EXEC_TAIL = ["-type", "f", "-exec", "stat", "-c"]

Process = asyncssh.SSHServerProcess[bytes]


class CommandFailed(Exception):
    """A command ends with this stderr message and exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        """Remember the message and status."""
        super().__init__(message)
        self.status = status


class CameraShell:
    """Runs one exec request against the simulated file system."""

    def __init__(self, filesystem: CameraFilesystem, throttle: Throttle, stall: ReadStall | None = None,
                 counts: RequestCounts | None = None, clock: SimulatedClock | None = None) -> None:
        """Serve `filesystem`, slowed down by `throttle`; dd reads hang once `stall` says so; exec calls counted;
        `clock` tells the time, uptime and boot id."""
        self._filesystem = filesystem
        self._clock = clock or SimulatedClock()
        self._throttle = throttle
        self._stall = stall or ReadStall()
        self._counts = counts or RequestCounts()
        self._commands: dict[str, Callable[[Process, list[str]], Awaitable[None]]] = {
            "cat": self._cat, "date": self._date, "df": self._df, "dd": self._dd, "dmesg": self._dmesg,
            "echo": self._echo, "find": self._find, "sh": self._sh, "stat": self._stat,
        }

    async def handle(self, process: Process) -> None:
        """Run the command line's `;`-separated commands in turn, like sh; the last one's status is the exit status."""
        self._counts.exec_commands.append(process.command or "")
        status = 0
        try:
            await self._throttle.request()
            status = await self._run_line(process, process.command or "")
        except ValueError as bad_quoting:
            process.stderr.write(f"sh: syntax error: {bad_quoting}\n".encode())
            status = 2
        except (asyncssh.BreakReceived, asyncssh.TerminalSizeChanged, BrokenPipeError, ConnectionError):
            status = 1
        process.exit(status)

    async def _run_line(self, process: Process, line: str) -> int:
        """Run a line's commands in turn; the last one's status is the line's."""
        status = 0
        for words in command_list(line):
            status = await self._run(process, [str(status) if word == "$?" else word for word in words])
        return status

    async def _run(self, process: Process, words: list[str]) -> int:
        """Run one simple command and return its exit status; failures print to stderr (unless 2>/dev/null)."""
        quiet = DISCARD_STDERR in words
        words = [word for word in words if word != DISCARD_STDERR]
        try:
            if not words or words[0] not in self._commands:
                name = words[0] if words else "shell"
                raise CommandFailed(f"sh: {name}: not found", 127)
            await self._commands[words[0]](process, words[1:])
        except CommandFailed as failure:
            if not quiet and str(failure):
                process.stderr.write(f"{failure}\n".encode())
            return failure.status
        return 0

    def _file(self, command: str, camera_path: str) -> Path:
        """The local file for a camera path, or the error message the real tool prints."""
        try:
            local = self._filesystem.local_path(camera_path)
        except OutsideCamera:
            raise CommandFailed(f"{command}: {camera_path}: No such file or directory") from None
        if not local.exists():
            raise CommandFailed(f"{command}: {camera_path}: No such file or directory")
        return local

    async def _send(self, process: Process, data: bytes) -> None:
        """Write stdout in chunks at the throttled rate."""
        for start in range(0, len(data), CHUNK_BYTES):
            chunk = data[start : start + CHUNK_BYTES]
            await self._throttle.transfer(len(chunk))
            process.stdout.write(chunk)
            await process.stdout.drain()

    async def _sh(self, process: Process, arguments: list[str]) -> None:
        """sh -c LINE: the line's status becomes this command's (a failure, with no message of its own)."""
        if len(arguments) != 2 or arguments[0] != "-c":
            raise CommandFailed("sh: usage: sh -c LINE", 2)
        status = await self._run_line(process, arguments[1])
        if status:
            raise CommandFailed("", status)

    async def _date(self, process: Process, arguments: list[str]) -> None:
        """date -u +FORMAT (%s and %N) from the camera's clock."""
        if len(arguments) != 2 or arguments[0] != "-u" or not arguments[1].startswith("+"):
            raise CommandFailed("date: only 'date -u +FORMAT' is supported")
        await self._send(process, self._clock.date_output(arguments[1][1:]).encode())

    async def _cat(self, process: Process, arguments: list[str]) -> None:
        """cat FILE... (/proc/uptime and the boot id from the camera's clock)"""
        for argument in arguments:
            if argument in CLOCK_FILES:
                await self._send(process, CLOCK_FILES[argument](self._clock).encode())
                continue
            local = self._file("cat", argument)
            if local.is_dir():
                raise CommandFailed(f"cat: {argument}: Is a directory")
            with local.open("rb") as source:
                while chunk := source.read(CHUNK_BYTES):
                    await self._send(process, chunk)

    async def _df(self, process: Process, arguments: list[str]) -> None:
        """df -k PATH: one entry for the simulated card."""
        if len(arguments) != 2 or arguments[0] != "-k":
            raise CommandFailed("df: usage: df -k PATH")
        self._file("df", arguments[1])
        usage = self._filesystem.usage()
        total, used, free = (value // 1024 for value in (usage.total_bytes, usage.used_bytes, usage.free_bytes))
        percent = -(-used * 100 // total) if total else 0
        lines = [
            "Filesystem           1K-blocks      Used Available Use% Mounted on",
            f"/dev/mmcblk0p1 {total:>20} {used:>9} {free:>9} {percent:>3}% {self._filesystem.sd_root}",
        ]
        await self._send(process, ("\n".join(lines) + "\n").encode())

    async def _dd(self, process: Process, arguments: list[str]) -> None:
        """dd if=FILE bs=N skip=N count=N (BusyBox operands, no iflag)."""
        operands = dict(argument.split("=", 1) for argument in arguments if "=" in argument)
        if set(operands) - {"if", "bs", "skip", "count"} or len(operands) != len(arguments) or "if" not in operands:
            raise CommandFailed(f"dd: unsupported operands {' '.join(arguments)!r}")
        try:
            block = int(operands.get("bs", "512"))
            skip = int(operands.get("skip", "0"))
            count = int(operands["count"]) if "count" in operands else None
        except ValueError:
            raise CommandFailed("dd: invalid number") from None
        local = self._file("dd", operands["if"])
        with local.open("rb") as source:
            source.seek(skip * block)
            data = source.read(count * block if count is not None else -1)
        await self._stall.pass_bytes(len(data))
        await self._send(process, data)

    async def _echo(self, process: Process, arguments: list[str]) -> None:
        """echo WORD... (the shell has already put the last status in place of $?)."""
        await self._send(process, (" ".join(arguments) + "\n").encode())

    async def _dmesg(self, process: Process, arguments: list[str]) -> None:
        """dmesg: the kernel log of the system files, refused like an unprivileged user's when there is none."""
        system_dir = self._filesystem.system_dir
        log = system_dir / KERNEL_LOG_NAME if system_dir is not None else None
        if arguments or log is None or not log.is_file():
            raise CommandFailed("dmesg: klogctl: Operation not permitted")
        await self._send(process, log.read_bytes())

    async def _find(self, process: Process, arguments: list[str]) -> None:
        """find [-H] ROOT -type f -exec stat -c FORMAT {} +"""
        if arguments[:1] == ["-H"]:
            arguments = arguments[1:]
        if len(arguments) != 9 or arguments[1:6] != FIND_EXEC_TAIL or arguments[7:] != ["{}", "+"]:
            raise CommandFailed("find: only 'find [-H] DIR -type f -exec stat -c FORMAT {} +' is supported")
        root, format_string = arguments[0], arguments[6]
        local_root = self._file("find", root)
        found = []
        for folder, _, names in os.walk(local_root):
            for name in sorted(names):
                local = Path(folder) / name
                if local.is_file() and not local.is_symlink():
                    found.append(self._filesystem.camera_path(local))
        await self._send(process, "".join(self._stat_line(path, format_string) for path in found).encode())

    async def _stat(self, process: Process, arguments: list[str]) -> None:
        """stat -c FORMAT FILE..."""
        if len(arguments) < 3 or arguments[0] != "-c":
            raise CommandFailed("stat: usage: stat -c FORMAT FILE...")
        lines = [self._stat_line(path, arguments[1]) for path in arguments[2:]]
        await self._send(process, "".join(lines).encode())

    def _stat_line(self, camera_path: str, format_string: str) -> str:
        """Format one file with %s (size), %Y (mtime) and %n (name)."""
        info = self._file("stat", camera_path).lstat()
        fields = {"%s": str(info.st_size), "%Y": str(int(info.st_mtime)), "%n": camera_path, "%%": "%"}
        line, index = "", 0
        while index < len(format_string):
            token = format_string[index : index + 2]
            if token in fields:
                line, index = line + fields[token], index + 2
            else:
                line, index = line + format_string[index], index + 1
        return line + "\n"


def command_list(line: str) -> list[list[str]]:
    """The words of each `;`-separated simple command of a shell line (quotes as sh reads them)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";")
    lexer.whitespace_split = True
    commands: list[list[str]] = [[]]
    for word in lexer:
        if word == ";":
            commands.append([])
        else:
            commands[-1].append(word)
    return [words for words in commands if words] or [[]]
