"""Running every check over a camera's days: expected values, issues in time order, verdicts and summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from libs.common.contracts.api.checks import CheckIssue, ChecksAnswer, ChecksSummary, Tolerances
from libs.common.contracts.camera_clock import ClockReading
from libs.common.contracts.records import ClipRecord
from libs.common.domain.checks.card_check import CardInputs, card_issues, card_state
from libs.common.domain.checks.clip_checks import (
    av_drift_issues,
    broken_issues,
    dropped_frame_issues,
    duration_issues,
    keyframe_issues,
)
from libs.common.domain.checks.clip_view import ClipView, utc, view_of
from libs.common.domain.checks.clock_checks import (
    ClockInputs,
    camera_state,
    clock_offset_issues,
    clock_step_issues,
    reboot_issues,
    with_gap_causes,
)
from libs.common.domain.checks.expected import ExpectedOverrides
from libs.common.domain.checks.profiles import Expectations, expectations
from libs.common.domain.checks.runs import merge_runs
from libs.common.domain.checks.sequence_checks import bitrate_issues, clock_drift_issues, profile_change_issues
from libs.common.domain.checks.timeline_checks import DayWindow, gap_issues, mode_at, overlap_issues
from libs.common.domain.checks.verdicts import count_by_check, day_verdict, per_check, verdict_of
from libs.common.domain.schedule import RecordingMode, WeeklySchedule


@dataclass(frozen=True)
class DayClips:
    """One day folder to judge: its clips and the stretch of the day the card can show."""

    window: DayWindow
    clips: list[ClipRecord]
    scan_id: str | None = None  # the scan that wrote the day list (its clock reading judges the day)


@dataclass(frozen=True)
class CheckSetup:
    """Everything besides the clips: schedule and zone, expected values set by camera and request, tolerances, card."""

    schedule: WeeklySchedule | None
    zone: ZoneInfo
    camera: ExpectedOverrides
    request: ExpectedOverrides
    tolerances: Tolerances
    card: CardInputs | None = None
    clock_readings: list[ClockReading] = field(default_factory=list)  # the camera's clock history, oldest first


def _clip_issues(clips: list[ClipView], expected_of: Expectations, setup: CheckSetup) -> list[CheckIssue]:
    """The one-clip-at-a-time checks, each clip against its profile's values; clips in boost (event) time may have
    any length."""
    tolerances, issues = setup.tolerances, []
    modes: dict[datetime, RecordingMode | None] = {}
    for clip in clips:
        expected = expected_of.of(clip)
        if clip.record.status == "recording":  # judged up to its last complete fragment, whatever its length
            issues += dropped_frame_issues(clip) + keyframe_issues(clip, expected, tolerances)
            continue
        quarter = clip.start.replace(minute=clip.start.minute // 15 * 15, second=0, microsecond=0)
        if quarter not in modes:  # every zone's half hours start on a UTC quarter hour
            modes[quarter] = mode_at(setup.schedule, setup.zone, quarter)
        if modes[quarter] != "boost":
            issues += duration_issues(clip, expected, tolerances)
        issues += dropped_frame_issues(clip)
        issues += keyframe_issues(clip, expected, tolerances)
        issues += av_drift_issues(clip, tolerances)
        issues += broken_issues(clip)
        issues += bitrate_issues(clip, expected)
    return issues


def run_checks(camera_id: str, first: str, last: str, days: list[DayClips], setup: CheckSetup) -> ChecksAnswer:
    """The answer for the days first..last (those given), judged against the majority unless told otherwise."""
    by_day = [(day, sorted((view_of(record, day.window.date) for record in day.clips),
                           key=lambda clip: (clip.start, clip.record.path))) for day in days]
    clips = [clip for _, views in by_day for clip in views]
    tolerances = setup.tolerances
    clock = ClockInputs(setup.clock_readings, {day.window.date: day.scan_id for day in days if day.scan_id})
    expected_of = expectations(clips, setup.camera, setup.request, tolerances.bitrate_tolerance_pct)
    expected = expected_of.main
    issues: list[CheckIssue] = []
    windows = [day.window for day in days]
    for day, views in by_day:
        issues += gap_issues(views, day.window, setup.schedule, setup.zone, tolerances.gap_tolerance_s)
    issues = with_gap_causes(issues, clock)
    issues += overlap_issues(clips, tolerances.overlap_tolerance_s, days[0].window.carried_until if days else None)
    issues += _clip_issues(clips, expected_of, setup)
    issues += clock_drift_issues(clips, tolerances)
    issues += profile_change_issues(clips, expected, tolerances)
    issues = merge_runs(issues, {clip.record.clip_id: index for index, clip in enumerate(clips)})
    if setup.card is not None:
        issues += card_issues(setup.card, tolerances)
    issues += clock_offset_issues(clock, windows, tolerances)
    issues += clock_step_issues(clock, windows, tolerances)
    issues += reboot_issues(clock, windows)
    issues.sort(key=lambda found: (found.start, found.check))
    return ChecksAnswer(
        camera_id=camera_id, from_=first, to=last, verdict=verdict_of(issues), expected=expected,
        tolerances=Tolerances.model_validate(tolerances.model_dump()),
        summary=ChecksSummary(clips=len(clips), issues=len(issues), by_check=count_by_check(issues),
                              clips_without_timing=sum(clip.ok and clip.timing is None for clip in clips)),
        checks=per_check(issues),
        days=[day_verdict(day.window.date, len(views), [found for found in issues if found.date == day.window.date])
              .model_copy(update={"judged_until": utc(day.window.end),
                                  "camera": camera_state(clock, day.window, tolerances)})
              for day, views in by_day],
        issues=issues,
        card=card_state(setup.card) if setup.card is not None else None,
    )
