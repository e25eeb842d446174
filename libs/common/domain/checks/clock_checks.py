"""The camera clock checks: clock_offset, clock_step, reboot; and each gap's cause (a reboot, or recording stopped)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from libs.common.contracts.api.checks import CameraClockState, CheckIssue, Severity, Tolerances
from libs.common.contracts.camera_clock import ClockReading
from libs.common.domain.camera_clock import boot_times, clock_steps, drift_ppm, naive
from libs.common.domain.checks.clip_view import utc
from libs.common.domain.checks.issues import clock_text, issue, length_text
from libs.common.domain.checks.timeline_checks import DayWindow

REBOOT_BEFORE_GAP_END = timedelta(seconds=120)  # a gap ending this soon after a boot was caused by it


@dataclass(frozen=True)
class ClockInputs:
    """The camera's clock history (oldest first) and, per judged day, the scan that wrote it."""

    readings: list[ClockReading]
    day_scans: dict[str, str] = field(default_factory=dict)

    def of_day(self, date: str) -> ClockReading | None:
        """The reading of the scan that wrote the day, else the latest reading."""
        scan_id = self.day_scans.get(date)
        return next((r for r in reversed(self.readings) if r.scan_id == scan_id), None) or (
            self.readings[-1] if self.readings else None)


def _boots_within(inputs: ClockInputs, window: DayWindow) -> list[tuple[str, datetime]]:
    """Boots (id, camera time) inside the day's judged stretch, in time order."""
    return sorted(((boot_id, moment) for boot_id, moment in boot_times(inputs.readings).items()
                   if window.start <= moment <= window.end), key=lambda boot: boot[1])


def camera_state(inputs: ClockInputs, window: DayWindow, tolerances: Tolerances) -> CameraClockState | None:
    """The camera part of a day's verdict: the offset its scan measured, drift, boots in the judged stretch."""
    reading = inputs.of_day(window.date)
    if reading is None:
        return None
    return CameraClockState(clock_offset_s=round(reading.offset_s, 3) + 0.0,
                            drift_ppm=drift_ppm(inputs.readings, tolerances.clock_step_tolerance_s),
                            boots=[utc(moment) for _, moment in _boots_within(inputs, window)],
                            boot_id=reading.boot_id)


def clock_offset_issues(inputs: ClockInputs, windows: list[DayWindow], tolerances: Tolerances) -> list[CheckIssue]:
    """One issue per scan whose camera clock was off: a warning past the warn tolerance, a fail past the fail one."""
    issues, seen = [], set()
    for window in reversed(windows):
        reading = inputs.of_day(window.date)
        if reading is None or reading.scan_id in seen:
            continue
        seen.add(reading.scan_id)
        off = abs(reading.offset_s) - reading.uncertainty_s
        if off <= tolerances.clock_offset_warn_s:
            continue
        severity: Severity = "fail" if off > tolerances.clock_offset_fail_s else "warn"
        allowed = tolerances.clock_offset_fail_s if severity == "fail" else tolerances.clock_offset_warn_s
        moment = min(naive(reading.camera_time), window.end)
        issues.append(issue("clock_offset", severity, window.date, moment, moment, [],
                            f"the camera's clock is {length_text(abs(reading.offset_s))} "
                            f"{'ahead of' if reading.offset_s > 0 else 'behind'} this service's clock "
                            f"(± {reading.uncertainty_s:.3f} s; allowed {allowed:g} s)",
                            {"offset_s": round(reading.offset_s, 3), "uncertainty_s": reading.uncertainty_s,
                             "allowed_s": allowed}))
    return issues


def clock_step_issues(inputs: ClockInputs, windows: list[DayWindow], tolerances: Tolerances) -> list[CheckIssue]:
    """Each jump of the camera clock between two scans that lands in a judged day."""
    issues = []
    for step in clock_steps(inputs.readings, tolerances.clock_step_tolerance_s):
        moment = naive(step.after.camera_time)
        window = next((w for w in windows if w.start.date().isoformat() == moment.date().isoformat()), None)
        if window is None:
            continue
        start = min(naive(step.before.camera_time), moment)
        issues.append(issue("clock_step", "warn", window.date, start, moment, [],
                            f"the camera's clock jumped {'forward' if step.change_s > 0 else 'back'} by "
                            f"{length_text(abs(step.change_s))} between the scans at {clock_text(start)} and "
                            f"{clock_text(moment)} (drift explains {step.explained_s:.3f} s)",
                            {"change_s": step.change_s, "explained_s": step.explained_s,
                             "allowed_s": tolerances.clock_step_tolerance_s}))
    return issues


def reboot_issues(inputs: ClockInputs, windows: list[DayWindow]) -> list[CheckIssue]:
    """A warning for each boot inside a judged stretch of a day."""
    return [issue("reboot", "warn", window.date, moment, moment, [],
                  f"the camera booted at {clock_text(moment)} (boot id {boot_id})", {"boot_id": boot_id})
            for window in windows for boot_id, moment in _boots_within(inputs, window)]


def with_gap_causes(issues: list[CheckIssue], inputs: ClockInputs) -> list[CheckIssue]:
    """Gap issues with measured.cause: 'reboot' for a boot inside the gap or shortly before its end, else 'stopped'."""
    boots = sorted(boot_times(inputs.readings).values())
    caused = []
    for found in issues:
        if found.check == "gap":
            start, end = naive(found.start), naive(found.end)
            boot = next((moment for moment in boots if min(start, end - REBOOT_BEFORE_GAP_END) <= moment <= end), None)
            detail = found.detail + (f"; the camera booted at {clock_text(boot)}" if boot is not None else "")
            found = found.model_copy(update={"detail": detail, "measured": {
                **found.measured, "cause": "reboot" if boot is not None else "stopped"}})
        caused.append(found)
    return caused
