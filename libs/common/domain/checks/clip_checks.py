"""Checks of one clip at a time: duration, dropped_frames, keyframe_interval, av_drift, broken."""

from __future__ import annotations

from libs.common.contracts.api.checks import CheckIssue, ExpectedValues, Tolerances
from libs.common.domain.checks.clip_view import ClipView
from libs.common.domain.checks.issues import issue, length_text


def duration_issues(clip: ClipView, expected: ExpectedValues, tolerances: Tolerances) -> list[CheckIssue]:
    """A readable clip whose length is off the expected length by more than the tolerance."""
    if not clip.ok or clip.duration_s is None or expected.clip_s is None:
        return []
    off = clip.duration_s - expected.clip_s
    if abs(off) <= tolerances.duration_tolerance_s:
        return []
    return [issue("duration", "warn", clip.date, clip.start, clip.end, [clip],
                  f"{clip.duration_s:.1f} s long, expected {expected.clip_s:g} s ± "
                  f"{tolerances.duration_tolerance_s:g} s ({'shorter' if off < 0 else 'longer'} by "
                  f"{length_text(abs(off))})",
                  {"seconds": clip.duration_s, "expected_s": expected.clip_s, "off_s": round(off, 3)})]


def dropped_frame_issues(clip: ClipView) -> list[CheckIssue]:
    """Frames missing (steps over 1.5 x the median frame step) and timestamps going backwards."""
    timing = clip.timing
    if timing is None:
        return []
    issues = []
    if timing.missing_frames:
        steps = timing.long_steps
        longest = max(steps, key=lambda step: step.step_s)
        issues.append(issue(
            "dropped_frames", "fail", clip.date, clip.at(steps[0].at_s), clip.at(steps[-1].at_s + steps[-1].step_s),
            [clip], f"{timing.missing_frames} frames missing in {timing.long_step_count} steps over 1.5 x the "
            f"{timing.frame_step_s:.3f} s frame step; the longest is {longest.step_s:.3f} s at "
            f"{longest.at_s:.1f} s into the clip",
            {"missing_frames": timing.missing_frames, "steps": timing.long_step_count,
             "longest_step_s": longest.step_s, "frame_step_s": timing.frame_step_s}))
    if timing.backwards_steps:
        issues.append(issue("dropped_frames", "fail", clip.date, clip.start, clip.end, [clip],
                            f"timestamps go backwards (or repeat) {timing.backwards_steps} times",
                            {"missing_frames": 0, "backwards_steps": timing.backwards_steps}))
    return issues


def keyframe_issues(clip: ClipView, expected: ExpectedValues, tolerances: Tolerances) -> list[CheckIssue]:
    """A clip that does not start on a keyframe, or whose longest keyframe interval is over the expected one."""
    timing = clip.timing
    if timing is None:
        return []
    issues = []
    if not timing.first_is_keyframe:
        issues.append(issue("keyframe_interval", "fail", clip.date, clip.start, clip.start, [clip],
                            "the first frame is not a keyframe: the clip's start cannot be decoded on its own",
                            {"first_is_keyframe": False}))
    longest, allowed = timing.max_keyframe_interval_s, expected.max_keyframe_interval_s
    if longest is not None and allowed is not None and longest > allowed + tolerances.keyframe_tolerance_s:
        issues.append(issue("keyframe_interval", "warn", clip.date, clip.start, clip.end, [clip],
                            f"longest keyframe interval {longest:.2f} s, expected at most {allowed:g} s "
                            f"(+ {tolerances.keyframe_tolerance_s:g} s)",
                            {"seconds": longest, "expected_s": allowed}))
    return issues


def av_drift_issues(clip: ClipView, tolerances: Tolerances) -> list[CheckIssue]:
    """Audio and video tracks whose durations differ by more than the tolerance."""
    timing = clip.timing
    if timing is None or timing.audio_duration_s is None:
        return []
    drift = timing.audio_duration_s - timing.video_duration_s
    if abs(drift) <= tolerances.av_drift_tolerance_s:
        return []
    return [issue("av_drift", "warn", clip.date, clip.start, clip.end, [clip],
                  f"audio track {length_text(abs(drift))} {'shorter' if drift < 0 else 'longer'} than the video "
                  f"track ({timing.audio_duration_s:.2f} s vs {timing.video_duration_s:.2f} s)",
                  {"seconds": round(drift, 3), "audio_s": timing.audio_duration_s,
                   "video_s": timing.video_duration_s})]


def broken_issues(clip: ClipView) -> list[CheckIssue]:
    """A clip that is incomplete or unreadable, with the reason."""
    record = clip.record
    if record.status in ("ok", "recording"):  # the clip being written has no index yet: it is not broken
        return []
    return [issue("broken", "fail", clip.date, clip.start, clip.start, [clip],
                  f"{record.status}: {record.error or 'no reason recorded'}",
                  {"status": record.status, "size_bytes": record.size_bytes})]
