"""Shell command lines for BusyBox-compatible cameras and parsers of their output; every argument quoted."""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from libs.common.adapters.camera.byte_ranges import ByteRange
from libs.common.adapters.camera.remote_file import DiskUsage
from libs.common.domain.ascii_numbers import ascii_int

DD_BLOCK_SIZE = 4096
BATCH_BLOCK_SIZE = 512  # batches read many small ranges (keyframes): finer blocks waste fewer bytes per range
LISTING_FORMAT = "%s %Y %n"


class UnexpectedOutput(ValueError):
    """A command's output did not have the shape we parse."""


class RangeReadFailed(Exception):
    """One file's `dd` in a batch failed (missing, unreadable); the other files of the batch were read."""


def list_files_command(directory: str) -> str:
    """`find` every regular file under `directory` and print 'size mtime path' for each.

    -H makes find enter `directory` even when it is a symlink to the card's mount point (GNU and BusyBox
    find alike; links below it are still not followed), so the listing sees the same card as SFTP does.
    """
    return (
        f"find -H {shlex.quote(directory)} -type f "
        f"-exec stat -c {shlex.quote(LISTING_FORMAT)} {{}} +"
    )


def parse_listing(output: str) -> list[tuple[str, int, int]]:
    """Parse 'size mtime path' lines (paths may contain spaces) into (path, size, mtime)."""
    files = []
    for line in output.splitlines():
        if not line.strip():
            continue
        parts = line.split(" ", 2)
        size = ascii_int(parts[0]) if len(parts) == 3 else None
        mtime = ascii_int(parts[1].removeprefix("-")) if len(parts) == 3 else None
        if size is None or mtime is None:
            raise UnexpectedOutput(f"unexpected listing line {line[:200]!r}")
        files.append((parts[2], size, -mtime if parts[1].startswith("-") else mtime))
    return files


def aligned_window(offset: int, length: int) -> tuple[int, int]:
    """Return (first block, block count) of DD_BLOCK_SIZE blocks that cover offset..offset+length."""
    first_block = offset // DD_BLOCK_SIZE
    end_block = -(-(offset + length) // DD_BLOCK_SIZE)
    return first_block, end_block - first_block


def read_range_command(path: str, offset: int, length: int) -> str:
    """`dd` the aligned blocks covering the range (BusyBox dd has no iflag=skip_bytes; dd seeks on skip)."""
    first_block, block_count = aligned_window(offset, length)
    return (
        f"dd if={shlex.quote(path)} bs={DD_BLOCK_SIZE} "
        f"skip={first_block} count={block_count}"
    )


def trim_window(window: bytes, offset: int, length: int) -> bytes:
    """Cut the requested range out of the aligned blocks returned by read_range_command."""
    start = offset - (offset // DD_BLOCK_SIZE) * DD_BLOCK_SIZE
    return window[start : start + length]


def batch_read_command(windows: Sequence[tuple[str, ByteRange]], boundary: str) -> str:
    """One shell line that `dd`s each window (aligned to BATCH_BLOCK_SIZE) in turn, each followed by
    `<boundary> <dd's status>`. Every path is one quoted word; the boundary (a fresh random token per call)
    frames the binary output.
    """
    quoted_boundary = shlex.quote(boundary)
    return "; ".join(
        f"dd if={shlex.quote(path)} bs={BATCH_BLOCK_SIZE} skip={window.offset // BATCH_BLOCK_SIZE} "
        f"count={window.length // BATCH_BLOCK_SIZE} 2>/dev/null; echo {quoted_boundary} $?"
        for path, window in windows
    )


def parse_batch_output(output: bytes, boundary: str, windows: Sequence[ByteRange]) -> list[bytes | int]:
    """Each window's bytes from batch_read_command's output, or dd's non-zero exit status for that window."""
    marker = boundary.encode() + b" "
    results: list[bytes | int] = []
    position = 0
    for window in windows:
        found = output.find(marker, position)
        line_end = output.find(b"\n", found + len(marker)) if found >= 0 else -1
        if line_end < 0:
            raise UnexpectedOutput(f"batch output ends before the frame of window {len(results) + 1}")
        status = ascii_int(output[found + len(marker) : line_end], max_digits=3)
        data = output[position:found]
        if status is None or len(data) > window.length:
            raise UnexpectedOutput(f"batch output frame {len(results) + 1} is malformed")
        results.append(data if status == 0 else status)
        position = line_end + 1
    if position != len(output):
        raise UnexpectedOutput(f"{len(output) - position} stray bytes after the last frame of batch output")
    return results


def disk_usage_command(path: str) -> str:
    """`df -k` of the file system holding `path`."""
    return f"df -k {shlex.quote(path)}"


def parse_df(output: str) -> DiskUsage:
    """Parse `df -k` output (header, then one entry that may wrap onto a second line)."""
    lines = output.strip().splitlines()
    fields = " ".join(lines[1:]).split()
    numbers = [ascii_int(field) for field in fields[1:4]]
    if len(numbers) < 3 or None in numbers:
        raise UnexpectedOutput(f"unexpected df output {output[:300]!r}")
    total_kib, used_kib, free_kib = (number or 0 for number in numbers)
    return DiskUsage(total_bytes=total_kib * 1024, used_bytes=used_kib * 1024, free_bytes=free_kib * 1024)


def read_file_command(path: str) -> str:
    """`cat` a whole file (the caller stops reading after its byte limit)."""
    return f"cat {shlex.quote(path)}"
