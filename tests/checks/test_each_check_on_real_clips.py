"""Each check finds its defect in real encoded clips, and only that; clean recordings raise nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from libs.common.contracts.api.checks import ChecksAnswer, Tolerances
from libs.common.domain.checks.expected import ExpectedOverrides
from tests.checks.check_days import back_to_back, judge, shifted
from tests.checks.defect_clips import CLIP_S, DefectLibrary


def found(answer: ChecksAnswer) -> list[tuple[str, str]]:
    """(check, severity) of every issue, in time order."""
    return [(issue.check, issue.severity) for issue in answer.issues]


async def with_one(defects: DefectLibrary, name: str, clean_before: int = 5, clean_after: int = 4) -> ChecksAnswer:
    """A continuous run of clean clips with the named clip in the middle, back to back."""
    clean, odd = await defects.facts("clean"), await defects.facts(name)
    return judge(back_to_back([clean] * clean_before + [odd] + [clean] * clean_after))


async def test_a_continuous_day_of_clean_clips_passes_with_no_issue(defects: DefectLibrary) -> None:
    answer = judge(back_to_back([await defects.facts("clean")] * 10))
    assert answer.verdict == "pass" and answer.issues == []
    expected = answer.expected
    assert (expected.clip_s, expected.fps, expected.width, expected.height) == (CLIP_S, 15.0, 320, 180)
    assert expected.max_keyframe_interval_s == 1.0 and expected.codec == "h264" and expected.audio is True
    assert set(expected.sources.values()) == {"majority"}
    assert answer.summary.clips == 10 and answer.summary.issues == 0
    assert all(summary.verdict == "pass" for summary in answer.checks.values())


async def test_a_short_clip_is_a_duration_warning(defects: DefectLibrary) -> None:
    answer = await with_one(defects, "short")
    assert found(answer) == [("duration", "warn")]
    issue = answer.issues[0]
    assert issue.measured["seconds"] == pytest.approx(3.0, abs=0.05) and issue.measured["expected_s"] == CLIP_S
    assert issue.start.isoformat() == "2026-11-20T02:00:30+00:00"
    assert answer.verdict == "warn"


async def test_frames_dropped_with_passthrough_timestamps_fail_with_the_count(defects: DefectLibrary) -> None:
    answer = await with_one(defects, "dropped_frames")
    assert found(answer) == [("dropped_frames", "fail")]
    issue = answer.issues[0]
    assert issue.measured["missing_frames"] == 10
    assert issue.start.isoformat().startswith("2026-11-20T02:00:32.067")  # frame 31 of the clip starting 02:00:30
    assert answer.verdict == "fail"


async def test_a_longer_keyframe_interval_is_a_warning(defects: DefectLibrary) -> None:
    answer = await with_one(defects, "long_keyframe_interval")
    assert found(answer) == [("keyframe_interval", "warn")]
    assert answer.issues[0].measured["seconds"] == pytest.approx(4.0, abs=0.1)


async def test_a_clip_that_does_not_start_on_a_keyframe_fails(defects: DefectLibrary) -> None:
    answer = await with_one(defects, "no_keyframe_start")
    assert found(answer) == [("keyframe_interval", "fail")]
    assert answer.issues[0].measured["first_is_keyframe"] is False


async def test_an_mtime_that_disagrees_with_the_name_is_clock_drift(defects: DefectLibrary) -> None:
    slots = back_to_back([await defects.facts("clean")] * 8)
    slots[3] = replace(slots[3], mtime_off_s=90.0)
    answer = judge(slots)
    assert found(answer) == [("clock_drift", "warn")]
    issue = answer.issues[0]
    assert issue.measured["seconds"] == pytest.approx(90.0, abs=1.0)
    assert issue.measured["vs_previous_end_s"] == 0.0
    assert issue.paths == ["2026-11-20/02/20261120-020018.mp4"]


async def test_a_clip_starting_before_the_previous_one_ended_is_an_overlap(defects: DefectLibrary) -> None:
    slots = back_to_back([await defects.facts("clean")] * 8)
    slots[4:] = [shifted(slot, -2.5) for slot in slots[4:]]  # the camera clock stepped back 2.5 s
    answer = judge(slots)
    assert found(answer) == [("overlap", "warn")]
    issue = answer.issues[0]
    assert issue.measured["seconds"] == pytest.approx(2.5, abs=0.01)
    assert len(issue.clip_ids) == 2


async def test_a_run_at_another_resolution_is_one_profile_change_naming_its_clips(defects: DefectLibrary) -> None:
    clean, wide = await defects.facts("clean"), await defects.facts("wide")
    answer = judge(back_to_back([clean] * 4 + [wide] * 3 + [clean] * 4))
    assert found(answer) == [("profile_change", "warn")]
    issue = answer.issues[0]
    assert "320x180 → 640x360" in issue.detail and "3 clips" in issue.detail
    assert issue.measured["clips"] == 3 and len(issue.clip_ids) == len(issue.paths) == 3


async def test_a_clip_without_its_audio_track_is_a_profile_change(defects: DefectLibrary) -> None:
    answer = await with_one(defects, "silent")
    assert found(answer) == [("profile_change", "warn")]
    assert "audio dropped" in answer.issues[0].detail and len(answer.issues[0].clip_ids) == 1


async def test_a_bitrate_far_outside_the_days_band_is_a_warning(defects: DefectLibrary) -> None:
    answer = await with_one(defects, "high_bitrate")
    assert found(answer) == [("bitrate", "warn")]
    low, high = answer.expected.bitrate_band_kbps or [0, 0]
    assert not low <= float(answer.issues[0].measured["kbps"] or 0) <= high


async def test_an_audio_track_shorter_than_the_video_is_av_drift(defects: DefectLibrary) -> None:
    answer = await with_one(defects, "short_audio")
    assert found(answer) == [("av_drift", "warn")]
    assert answer.issues[0].measured["seconds"] == pytest.approx(-2.0, abs=0.1)


async def test_a_broken_clip_fails_and_the_time_it_should_have_held_is_a_gap(defects: DefectLibrary) -> None:
    slots = back_to_back([await defects.facts("clean")] * 8)
    slots[4] = replace(slots[4], facts=None)
    answer = judge(slots)
    assert sorted(found(answer)) == [("broken", "fail"), ("gap", "fail")]
    broken = next(issue for issue in answer.issues if issue.check == "broken")
    assert "cut off" in broken.detail and broken.paths == ["2026-11-20/02/20261120-020024.mp4"]


async def test_sub_second_jitter_between_clips_is_not_an_issue(defects: DefectLibrary) -> None:
    slots = back_to_back([await defects.facts("clean")] * 10)
    jittered = [shifted(slot, offset) for slot, offset in zip(slots, [0, 0.4, -0.3, 0.9, 0.2, -0.5, 0.6] * 2,
                                                                strict=False)]
    assert judge(jittered).issues == []


async def test_expected_values_given_in_the_request_win_over_the_majority(defects: DefectLibrary) -> None:
    answer = judge(back_to_back([await defects.facts("clean")] * 3), request=ExpectedOverrides(clip_s=10.0))
    assert [issue.check for issue in answer.issues] == ["duration"]  # one run of three clips
    assert answer.issues[0].measured["clips"] == 3
    assert answer.expected.clip_s == 10.0 and answer.expected.sources["clip_s"] == "request"
    assert answer.expected.sources["fps"] == "majority"


async def test_tolerances_given_in_the_request_are_used_and_shown(defects: DefectLibrary) -> None:
    answer = await with_one(defects, "short")
    relaxed = judge(back_to_back([await defects.facts("clean")] * 3 + [await defects.facts("short")]),
                    tolerances=Tolerances(duration_tolerance_s=3.5))
    assert answer.issues and relaxed.issues == []
    assert relaxed.tolerances.duration_tolerance_s == 3.5


async def test_the_last_clip_ends_the_window_so_a_day_in_progress_has_no_gap_after_it(defects: DefectLibrary) -> None:
    slots = back_to_back([await defects.facts("clean")] * 3)
    end = slots[-1].start + timedelta(seconds=CLIP_S)
    assert judge(slots, window=(slots[0].start, end)).issues == []
    later = judge(slots, window=(slots[0].start, end + timedelta(minutes=1)))
    assert found(later) == [("gap", "fail")] and later.issues[0].measured["seconds"] == 60.0
