"""Checks of a clip against its neighbours and its kind: clock_drift, profile_change, bitrate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from libs.common.contracts.api.checks import CheckIssue, ExpectedValues, Tolerances
from libs.common.domain.checks.clip_view import ClipView
from libs.common.domain.checks.issues import clock_text, issue, length_text

EPOCH = datetime(1970, 1, 1)  # mtimes are seconds since then (UTC); clip times are naive UTC


def clock_drift_issues(clips: list[ClipView], tolerances: Tolerances) -> list[CheckIssue]:
    """Name time against mtime - duration (a clip is closed when its last frame is written); the previous end aside."""
    issues = []
    before: ClipView | None = None
    for clip in (clip for clip in clips if clip.ok and clip.duration_s is not None):
        drift = clip.record.mtime - (clip.end - EPOCH).total_seconds()
        if abs(drift) > tolerances.clock_drift_tolerance_s:
            closed = EPOCH + timedelta(seconds=clip.record.mtime)
            after_previous = (clip.start - before.end).total_seconds() if before is not None else None
            context = "" if after_previous is None else (
                f"; it starts {length_text(abs(after_previous))} {'after' if after_previous >= 0 else 'before'} "
                "the previous clip's end")
            issues.append(issue(
                "clock_drift", "warn", clip.date, clip.start, clip.end, [clip],
                f"the file was closed {length_text(abs(drift))} {'later' if drift > 0 else 'earlier'} than its name "
                f"says (name {clock_text(clip.start)} + {clip.duration_s:.1f} s, file time {clock_text(closed)})"
                + context,
                {"seconds": round(drift, 3), "vs_previous_end_s": None if after_previous is None
                 else round(after_previous, 3)}))
        before = clip
    return issues


@dataclass(frozen=True)
class Profile:
    """What must stay the same from clip to clip."""

    codec: str | None
    width: int | None
    height: int | None
    fps: float | None
    audio: bool | None

    def differences(self, other: Profile, fps_tolerance_pct: float) -> list[str]:
        """How `other` differs from this profile, as 'old → new' phrases."""
        changes = []
        if other.codec != self.codec:
            changes.append(f"codec {self.codec} → {other.codec}")
        if (other.width, other.height) != (self.width, self.height):
            changes.append(f"{self.width}x{self.height} → {other.width}x{other.height}")
        if self.fps and other.fps and abs(other.fps - self.fps) > self.fps * fps_tolerance_pct / 100:
            changes.append(f"{self.fps:g} → {other.fps:g} fps")
        if other.audio != self.audio:
            changes.append("audio " + ("added" if other.audio else "dropped"))
        return changes


def _profile(clip: ClipView) -> Profile:
    """A readable clip's profile."""
    video, facts = clip.video, clip.record.facts
    return Profile(video.codec if video else None, video.width if video else None, video.height if video else None,
                   round(clip.fps, 1) if clip.fps else None, facts.audio is not None if facts else None)


def profile_change_issues(clips: list[ClipView], expected: ExpectedValues, tolerances: Tolerances) -> list[CheckIssue]:
    """Every readable clip whose codec, size, fps or audio differs from the expected profile (runs merge later).

    Expected values set for the camera or the request therefore reach every clip, not only the first of a run.
    """
    issues = []
    wanted = Profile(expected.codec, expected.width, expected.height, expected.fps, expected.audio)
    for clip in (clip for clip in clips if clip.ok and clip.video is not None):
        profile = _profile(clip)
        changes = wanted.differences(profile, tolerances.fps_tolerance_pct)
        if changes:
            issues.append(issue("profile_change", "warn", clip.date, clip.start, clip.end, [clip],
                                f"{'; '.join(changes)} (expected → this clip)",
                                {"codec": profile.codec, "width": profile.width, "height": profile.height,
                                 "fps": profile.fps, "audio": profile.audio}))
    return issues


def bitrate_issues(clip: ClipView, expected: ExpectedValues) -> list[CheckIssue]:
    """A readable clip whose video bitrate lies outside the usual band of the clips of its profile."""
    band, video = expected.bitrate_band_kbps, clip.video
    if band is None or not clip.ok or video is None:
        return []
    low, high = band
    if low <= video.bitrate_kbps <= high:
        return []
    return [issue("bitrate", "warn", clip.date, clip.start, clip.end, [clip],
                  f"{video.bitrate_kbps:,.0f} kbit/s, outside the usual {low:,.0f} to {high:,.0f} kbit/s",
                  {"kbps": video.bitrate_kbps, "low_kbps": low, "high_kbps": high})]
