"""The parts under batched reads: merged ranges, framed dd output, all-or-nothing tasks, the byte window."""

from __future__ import annotations

import asyncio
import gc
import shlex
from typing import Any

import pytest

from libs.camera_simulator.shell_handler import command_list
from libs.common.adapters.camera.byte_ranges import ByteRange, check_ranges, cut_ranges, merge_ranges
from libs.common.adapters.camera.byte_window import ByteWindow
from libs.common.adapters.camera.shell_commands import (
    UnexpectedOutput,
    batch_read_command,
    list_files_command,
    parse_batch_output,
)
from libs.common.adapters.camera.task_batch import gather_all
from tests.camera.test_camera_paths_and_commands import HOSTILE_NAME

BOUNDARY = "sdb-0123456789abcdef0123456789abcdef"


def test_touching_and_overlapping_ranges_merge_and_each_range_is_cut_back_out() -> None:
    ranges = check_ranges([(100, 10), (0, 5), (5, 5), (105, 20), (300, 0), (200, 1)])
    windows = merge_ranges(ranges)
    assert windows == [ByteRange(0, 10), ByteRange(100, 25), ByteRange(200, 1)]
    content = bytes(range(256)) * 2
    data = [content[window.offset : window.end] for window in windows]
    assert cut_ranges(ranges, windows, data) == [content[offset : offset + length] for offset, length in ranges]


def test_aligned_windows_cover_whole_blocks() -> None:
    assert merge_ranges([ByteRange(10, 5), ByteRange(600, 10), ByteRange(2000, 1)], align=512) == [
        ByteRange(0, 1024), ByteRange(1536, 512)
    ]


def test_a_window_cut_short_by_the_end_of_the_file_gives_short_ranges() -> None:
    ranges = [ByteRange(0, 10), ByteRange(8, 10)]
    windows = merge_ranges(ranges)
    assert cut_ranges(ranges, windows, [b"abcdefghij"]) == [b"abcdefghij", b"ij"]


def test_negative_offsets_and_lengths_are_refused() -> None:
    for bad in ([(-1, 5)], [(0, -5)]):
        with pytest.raises(ValueError, match="must not be negative"):
            check_ranges(bad)


def test_every_path_of_a_batch_stays_one_quoted_word() -> None:
    command = batch_read_command([(HOSTILE_NAME, ByteRange(0, 512)), ("/mnt/sdcard/a.mp4", ByteRange(1024, 1024))],
                                 BOUNDARY)
    commands = command_list(command)
    assert [words[:2] for words in commands] == [
        ["dd", f"if={HOSTILE_NAME}"], ["echo", BOUNDARY], ["dd", "if=/mnt/sdcard/a.mp4"], ["echo", BOUNDARY]
    ]
    assert commands[2][2:] == ["bs=512", "skip=2", "count=2", "2>/dev/null"]
    assert HOSTILE_NAME in shlex.split(list_files_command(HOSTILE_NAME))


def test_framed_output_gives_each_windows_bytes_or_its_failure() -> None:
    output = b"abc" + f"{BOUNDARY} 0\n".encode() + f"{BOUNDARY} 1\n".encode() + b"\n\x00" + f"{BOUNDARY} 0\n".encode()
    windows = [ByteRange(0, 512)] * 3
    assert parse_batch_output(output, BOUNDARY, windows) == [b"abc", 1, b"\n\x00"]


def test_data_holding_another_boundary_does_not_confuse_the_framing() -> None:
    other = b"sdb-ffffffffffffffffffffffffffffffff 0\n"
    output = other + f"{BOUNDARY} 0\n".encode()
    assert parse_batch_output(output, BOUNDARY, [ByteRange(0, 512)]) == [other]


@pytest.mark.parametrize("output", [
    b"abc",                                                     # no frame at all
    f"{BOUNDARY} 0\n".encode(),                                 # one frame for two windows
    f"{BOUNDARY} 0\n{BOUNDARY} 0\nextra".encode(),              # stray bytes after the last frame
    f"{BOUNDARY} x\n{BOUNDARY} 0\n".encode(),                   # a status that is not a number
    f"{BOUNDARY} \u0661\n{BOUNDARY} 0\n".encode(),              # a Unicode digit is not an exit status
    b"y" * 513 + f"{BOUNDARY} 0\n{BOUNDARY} 0\n".encode(),      # more bytes than the window holds
    f"{BOUNDARY} 0".encode(),                                   # cut before the end of the frame line
])
def test_malformed_batch_output_is_refused(output: bytes) -> None:
    with pytest.raises(UnexpectedOutput):
        parse_batch_output(output, BOUNDARY, [ByteRange(0, 512), ByteRange(512, 512)])


class NeverRetrieved:
    """Collects asyncio's 'exception was never retrieved' reports while installed."""

    def __init__(self) -> None:
        self.reports: list[dict[str, Any]] = []

    def __enter__(self) -> NeverRetrieved:
        self._loop = asyncio.get_running_loop()
        self._previous = self._loop.get_exception_handler()
        self._loop.set_exception_handler(lambda _, context: self.reports.append(context))
        return self

    def __exit__(self, *_: object) -> None:
        gc.collect()
        self._loop.set_exception_handler(self._previous)


async def test_the_first_failure_cancels_the_rest_and_every_outcome_is_retrieved() -> None:
    started: list[int] = []

    async def request(index: int) -> int:
        started.append(index)
        if index == 2:
            raise ConnectionResetError("camera dropped the link")
        if index > 2:
            await asyncio.sleep(0.01)
            raise ConnectionResetError("late failure of a cancelled request")
        return index

    with NeverRetrieved() as unseen:
        with pytest.raises(ConnectionResetError, match="dropped"):
            await gather_all([request(index) for index in range(6)])
        await asyncio.sleep(0.05)
    assert sorted(started) == list(range(6))
    assert unseen.reports == []


async def test_a_batch_cancelled_by_its_deadline_leaves_nothing_running_or_unseen() -> None:
    async def stalled() -> None:
        await asyncio.sleep(3600)

    with NeverRetrieved() as unseen:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(gather_all([stalled() for _ in range(8)]), 0.01)
        await asyncio.sleep(0.01)
    assert unseen.reports == []
    assert not [task for task in asyncio.all_tasks() if task.get_coro().__name__ == "stalled"]  # type: ignore[union-attr]


async def test_results_come_back_in_order() -> None:
    async def later(value: int) -> int:
        await asyncio.sleep(0.001 * (5 - value))
        return value

    assert await gather_all([later(value) for value in range(5)]) == [0, 1, 2, 3, 4]
    assert await gather_all([]) == []


async def test_the_byte_window_holds_reads_back_until_their_bytes_fit() -> None:
    window = ByteWindow(100)
    peak, order = 0, []

    async def read(name: str, nbytes: int) -> None:
        nonlocal peak
        async with window.hold(nbytes):
            peak = max(peak, window.in_flight)
            order.append(name)
            await asyncio.sleep(0.005)

    await asyncio.gather(read("a", 60), read("b", 60), read("c", 30), read("huge", 500), read("d", 10))
    assert peak <= 500 and window.in_flight == 0
    assert order == ["a", "b", "c", "huge", "d"], "first come, first served; a read larger than the window runs alone"


async def test_a_read_that_gives_up_while_waiting_returns_its_place() -> None:
    window = ByteWindow(100)
    async with window.hold(100):
        waiting = asyncio.ensure_future(window.hold(50).__aenter__())
        await asyncio.sleep(0.001)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
    assert window.in_flight == 0
    async with window.hold(100):
        assert window.in_flight == 100
