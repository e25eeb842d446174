"""The camera's clock from its own words: the one shell line a scan sends, its output, offsets, drift, steps, boots."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from libs.common.contracts.camera_clock import ClockReading

# One exec call, every word constant: the clock (with nanoseconds where `date` has %N), uptime and boot id. Each
# part may fail on its own (no /proc, no %N); the last echo makes the exit status 0 on BusyBox and OpenSSH alike.
CLOCK_SCRIPT = ("date -u +%s.%N; cat /proc/uptime 2>/dev/null; cat /proc/sys/kernel/random/boot_id 2>/dev/null; "
                "echo sdb-clock-end")
CLOCK_COMMAND = ["sh", "-c", CLOCK_SCRIPT]
CLOCK_OUTPUT_BYTES = 4096
MIN_DRIFT_PRECISION_PPM = 50.0  # drift is reported once the readings' uncertainty allows this precision
_EPOCH = re.compile(r"([0-9]{1,12})(?:\.([0-9]{1,9}))?(?:\.?%?N)?", re.ASCII)
_UPTIME = re.compile(r"([0-9]{1,12}(?:\.[0-9]{1,9})?) [0-9]{1,15}(?:\.[0-9]{1,9})?", re.ASCII)
_BOOT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)


@dataclass(frozen=True)
class ClockStep:
    """The camera clock's offset jumped between two scans by more than its drift explains."""

    before: ClockReading
    after: ClockReading
    change_s: float
    explained_s: float


def reading_from_output(output: str, scan_id: str, sent: datetime, received: datetime) -> ClockReading | None:
    """The reading CLOCK_SCRIPT's output gives, sent and received on this service's clock; None without a clock.

    A `date` without %N gives whole seconds: the clock is then taken half a second on, half a second less sure.
    """
    camera: float | None = None
    resolution = 0.0
    uptime: float | None = None
    boot_id: str | None = None
    for line in (line.strip() for line in output.splitlines()):
        if camera is None and (epoch := _EPOCH.fullmatch(line)):
            fraction = epoch[2]
            camera = int(epoch[1]) + (int(fraction) / 10 ** len(fraction) if fraction else 0.5)
            resolution = 0.0 if fraction else 0.5
        elif uptime is None and (seconds := _UPTIME.fullmatch(line)):
            uptime = float(seconds[1])
        elif boot_id is None and _BOOT_ID.fullmatch(line):
            boot_id = line
    if camera is None:
        return None
    middle = sent + (received - sent) / 2
    camera_time = datetime.fromtimestamp(camera, UTC)
    return ClockReading(scan_id=scan_id, measured=middle, camera_time=camera_time,
                        offset_s=round((camera_time - middle).total_seconds(), 4),
                        uncertainty_s=round((received - sent).total_seconds() / 2 + resolution, 4),
                        uptime_s=uptime, boot_id=boot_id)


def naive(moment: datetime) -> datetime:
    """A UTC time as naive UTC (what clip starts are)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def _slope_ppm(first: ClockReading, last: ClockReading) -> float | None:
    """The drift between two readings, None when their uncertainty is too large for the span between them."""
    span = (last.measured - first.measured).total_seconds()
    if span <= 0 or (first.uncertainty_s + last.uncertainty_s) / span * 1e6 > MIN_DRIFT_PRECISION_PPM:
        return None
    return (last.offset_s - first.offset_s) / span * 1e6


def clock_steps(readings: list[ClockReading], tolerance_s: float) -> list[ClockStep]:
    """Each jump of the offset between consecutive readings beyond tolerance + uncertainty + the drift so far."""
    steps: list[ClockStep] = []
    segment = 0
    for index in range(1, len(readings)):
        before, after = readings[index - 1], readings[index]
        drift = _slope_ppm(readings[segment], before) or 0.0
        elapsed = (after.measured - before.measured).total_seconds()
        explained = abs(drift) * 1e-6 * elapsed + before.uncertainty_s + after.uncertainty_s
        change = after.offset_s - before.offset_s
        if abs(change) - explained > tolerance_s:
            steps.append(ClockStep(before, after, round(change, 3), round(explained, 3)))
            segment = index
    return steps


def drift_ppm(readings: list[ClockReading], tolerance_s: float) -> float | None:
    """How fast the camera clock runs against ours since its last step, in ppm (None until measurable)."""
    steps = clock_steps(readings, tolerance_s)
    since = readings.index(steps[-1].after) if steps else 0
    slope = _slope_ppm(readings[since], readings[-1]) if len(readings) - since >= 2 else None
    return round(slope, 1) if slope is not None else None


def boot_times(readings: list[ClockReading]) -> dict[str, datetime]:
    """Each boot seen, by boot id: the camera clock minus its uptime at the latest reading of that boot (naive UTC)."""
    boots: dict[str, datetime] = {}
    for reading in readings:
        if reading.boot_id is not None and reading.uptime_s is not None:
            boots[reading.boot_id] = naive(reading.camera_time) - timedelta(seconds=reading.uptime_s)
    return boots
