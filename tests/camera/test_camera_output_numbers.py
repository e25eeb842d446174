"""Numbers in what a camera prints (listing, df, batch frames) are ASCII digits of a sane length, or refused cleanly."""

from __future__ import annotations

import pytest

from libs.common.adapters.camera.byte_ranges import ByteRange
from libs.common.adapters.camera.shell_commands import UnexpectedOutput, parse_batch_output, parse_df, parse_listing
from libs.common.domain.card_health import mmc_block_device

# Each passes str.isdigit(), \d or int(), none is a number a camera's tools print (df splits on white space).
NOT_ASCII_NUMBERS = ["\u0661\u0662\u0663", "\uff11\uff12\uff13", "\u0967\u0968\u0969", "\u00b2\u00b3", "12\u00b3",
                     "9" * 5000, "1_000", "+12", " 12", "12\u00a0"]


@pytest.mark.parametrize("number", NOT_ASCII_NUMBERS)
def test_a_listing_size_or_time_that_is_no_ascii_number_is_refused(number: str) -> None:
    for line in (f"{number} 1700000000 /mnt/sdcard/a.mp4", f"12 {number} /mnt/sdcard/a.mp4",
                 f"12 -{number} /mnt/sdcard/a.mp4"):
        with pytest.raises(UnexpectedOutput):
            parse_listing(line)


def test_a_listing_keeps_negative_times_of_files_from_before_1970() -> None:
    assert parse_listing("12 -5 /mnt/sdcard/old.mp4") == [("/mnt/sdcard/old.mp4", 12, -5)]


@pytest.mark.parametrize("number", [number for number in NOT_ASCII_NUMBERS if number.strip() == number])
def test_df_figures_that_are_no_ascii_numbers_are_refused(number: str) -> None:
    with pytest.raises(UnexpectedOutput):
        parse_df(f"Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/mmcblk0p1 {number} 10 20 1% /mnt\n")


@pytest.mark.parametrize("status", ["\u00b9", "\u0661", "1" * 5000, "-1", ""])
def test_a_batch_frame_whose_status_is_no_small_ascii_number_is_refused(status: str) -> None:
    output = b"abc" + b"BOUNDARY " + status.encode() + b"\n"
    with pytest.raises(UnexpectedOutput):
        parse_batch_output(output, "BOUNDARY", [ByteRange(0, 512)])


@pytest.mark.parametrize("device", ["/dev/mmcblk\u0660p1", "/dev/mmcblk\uff10", "/dev/mmcblk\u00b2"])
def test_a_card_device_named_with_other_digits_is_no_mmc_device(device: str) -> None:
    assert mmc_block_device(device) is None
