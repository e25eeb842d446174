"""The camera clock as scans read it: the shell line's output on OpenSSH and BusyBox, offsets, drift, steps, boots."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from libs.common.contracts.camera_clock import ClockReading
from libs.common.contracts.records import utc_now
from libs.common.domain.camera_clock import (
    CLOCK_COMMAND,
    CLOCK_SCRIPT,
    boot_times,
    clock_steps,
    drift_ppm,
    reading_from_output,
)

SENT = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)
BOOT_ID = "0acfddc7-5d4a-4dc8-b567-08d84b8731c7"


def test_the_clock_line_is_one_quoted_shell_word_for_sh() -> None:
    assert CLOCK_COMMAND[:2] == ["sh", "-c"] and len(CLOCK_COMMAND) == 3
    assert "/proc/uptime" in CLOCK_COMMAND[2] and "boot_id" in CLOCK_COMMAND[2]


@pytest.mark.parametrize("shell", [["/bin/sh"], ["busybox", "sh"]], ids=["dash", "busybox"])
def test_the_clock_line_runs_on_debian_sh_and_on_a_busybox_shell(shell: list[str]) -> None:
    assert shutil.which(shell[0]), f"{shell[0]} is missing: install Debian's busybox"
    sent = utc_now()
    output = subprocess.run([*shell, "-c", CLOCK_SCRIPT], capture_output=True, text=True, check=True).stdout
    reading = reading_from_output(output, "scan1", sent, utc_now())
    assert reading is not None and abs(reading.offset_s) <= reading.uncertainty_s + 0.01
    assert reading.boot_id == Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    assert reading.uptime_s is not None and reading.uptime_s > 0


def test_openssh_output_gives_the_offset_to_half_the_round_trip() -> None:
    camera = SENT.timestamp() + 1.25 + 0.05
    output = f"{camera:.9f}\n891.54 645.59\n{BOOT_ID}\nsdb-clock-end\n"
    reading = reading_from_output(output, "scan1", SENT, SENT + timedelta(seconds=0.1))
    assert reading is not None
    assert reading.offset_s == pytest.approx(1.25, abs=1e-3) and reading.uncertainty_s == pytest.approx(0.05)
    assert (reading.uptime_s, reading.boot_id) == (891.54, BOOT_ID)


def test_busybox_without_nanoseconds_is_whole_seconds_and_half_a_second_less_sure() -> None:
    output = f"{int(SENT.timestamp())}.%N\n12.00 10.00\nsdb-clock-end\n"
    reading = reading_from_output(output, "scan1", SENT, SENT)
    assert reading is not None
    assert reading.offset_s == pytest.approx(0.5) and reading.uncertainty_s == pytest.approx(0.5)
    assert reading.boot_id is None, "a camera without the boot id file"


@pytest.mark.parametrize("output", ["", "sh: date: not found\nsdb-clock-end\n", "garbage\n"])
def test_output_without_a_clock_gives_no_reading(output: str) -> None:
    assert reading_from_output(output, "scan1", SENT, SENT) is None


def reading(minutes: float, offset_s: float, boot_id: str = BOOT_ID, uptime_s: float = 1000.0) -> ClockReading:
    """A precise reading `minutes` after SENT."""
    measured = SENT + timedelta(minutes=minutes)
    return ClockReading(scan_id=f"s{minutes}", measured=measured, camera_time=measured + timedelta(seconds=offset_s),
                        offset_s=offset_s, uncertainty_s=0.005, uptime_s=uptime_s, boot_id=boot_id)


def test_a_steady_drift_is_measured_in_ppm_and_is_no_step() -> None:
    readings = [reading(hours * 60, 0.072 * hours) for hours in range(0, 25)]  # 20 ppm fast for a day
    assert drift_ppm(readings, 2.0) == pytest.approx(20.0, abs=0.5)
    assert clock_steps(readings, 2.0) == []


def test_a_jump_beyond_the_drift_is_one_step() -> None:
    readings = [reading(0, 0.1), reading(5, 0.1), reading(10, 20.1), reading(15, 20.1)]
    (step,) = clock_steps(readings, 2.0)
    assert (step.before.scan_id, step.after.scan_id, step.change_s) == ("s5", "s10", 20.0)


def test_each_boot_is_the_camera_clock_minus_its_uptime() -> None:
    readings = [reading(0, 0.0, uptime_s=600.0), reading(30, 0.0, "1b2c3d4e-0000-4000-8000-000000000000", 60.0)]
    boots = boot_times(readings)
    assert boots[BOOT_ID] == (SENT - timedelta(seconds=600)).replace(tzinfo=None)
    assert boots["1b2c3d4e-0000-4000-8000-000000000000"] == (SENT + timedelta(minutes=29)).replace(tzinfo=None)
