"""Path checks and shell command lines: nothing from a camera or user reaches a shell unquoted."""

from __future__ import annotations

import shlex

import pytest

from libs.common.adapters.camera.errors import CameraPathRefused
from libs.common.adapters.camera.remote_paths import absolute_camera_path, card_path, relative_to_root
from libs.common.adapters.camera.shell_commands import (
    UnexpectedOutput,
    aligned_window,
    list_files_command,
    parse_df,
    parse_listing,
    read_range_command,
    trim_window,
)

HOSTILE_NAME = "/mnt/sdcard/it's $(reboot) `id`; rm -rf / #.mp4"


def test_card_paths_are_joined_under_the_root() -> None:
    assert card_path("/mnt/sdcard", "2026-11-20/02/a.mp4") == "/mnt/sdcard/2026-11-20/02/a.mp4"
    assert card_path("/mnt/sdcard", "") == "/mnt/sdcard"
    assert card_path("/mnt/sdcard", "./2026-11-20//02/") == "/mnt/sdcard/2026-11-20/02"


@pytest.mark.parametrize("path", ["../etc/passwd", "/etc/passwd", "a/../../x", "a/..", "x\x00y", "a\\..\\b", "a\nb"])
def test_card_paths_that_could_leave_the_root_are_refused(path: str) -> None:
    with pytest.raises(CameraPathRefused):
        card_path("/mnt/sdcard", path)


@pytest.mark.parametrize("path", ["etc/camera.ini", "/etc/../root/.ssh/id_rsa", "/etc/x\x00"])
def test_absolute_paths_must_be_plain(path: str) -> None:
    with pytest.raises(CameraPathRefused):
        absolute_camera_path(path)


@pytest.mark.parametrize("listed", ["/mnt/sdcard/../etc/passwd", "/etc/passwd", "/mnt/sdcardX/a.mp4", "/mnt/sdcard"])
def test_listed_paths_outside_the_root_are_refused(listed: str) -> None:
    with pytest.raises(CameraPathRefused):
        relative_to_root("/mnt/sdcard", listed)


def test_listed_paths_become_card_relative() -> None:
    assert relative_to_root("/mnt/sdcard/", "/mnt/sdcard/2026-11-20/02/a b.mp4") == "2026-11-20/02/a b.mp4"


@pytest.mark.parametrize("command", [read_range_command(HOSTILE_NAME, 0, 10), list_files_command(HOSTILE_NAME)])
def test_hostile_names_stay_one_quoted_argument(command: str) -> None:
    words = shlex.split(command)
    assert HOSTILE_NAME in words or f"if={HOSTILE_NAME}" in words


def test_dd_reads_whole_aligned_blocks_and_trims_them() -> None:
    assert aligned_window(0, 4096) == (0, 1)
    assert aligned_window(4095, 2) == (0, 2)
    assert aligned_window(10_000, 100) == (2, 1)
    window = bytes(range(256)) * 32  # blocks 0 and 1
    assert trim_window(window, 4095, 2) == window[4095:4097]
    assert "skip=2 count=1" in read_range_command("/mnt/sdcard/a.mp4", 10_000, 100)


def test_listing_lines_keep_spaces_in_names() -> None:
    assert parse_listing("12 1700000000 /mnt/sdcard/a b.mp4\n\n0 5 /mnt/sdcard/c\n") == [
        ("/mnt/sdcard/a b.mp4", 12, 1_700_000_000),
        ("/mnt/sdcard/c", 0, 5),
    ]
    with pytest.raises(UnexpectedOutput):
        parse_listing("garbage\n")


def test_df_output_is_parsed_even_when_the_device_name_wraps() -> None:
    wrapped = (
        "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
        "/dev/a-very-long-device-name-that-wraps\n"
        "                      1000       400       600  40% /mnt/sdcard\n"
    )
    usage = parse_df(wrapped)
    assert (usage.total_bytes, usage.used_bytes, usage.free_bytes) == (1_024_000, 409_600, 614_400)
    with pytest.raises(UnexpectedOutput):
        parse_df("df: /mnt/sdcard: No such file\n")
