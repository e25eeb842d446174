"""Verdicts on real clips that say what happened: runs are one issue, each profile judged by its kind, overrides reach
every clip, the previous day's overlap is seen, frames lost between fragments are counted."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from libs.common.domain.checks.expected import ExpectedOverrides
from libs.common.domain.checks.junit_report import checks_junit
from tests.checks.check_days import back_to_back, judge
from tests.checks.defect_clips import CLIP_S, DefectLibrary, probed_facts
from tests.checks.fragment_gaps import fragmented_with_lost_time
from tests.checks.junit_schema.validate import assert_valid_junit


async def test_a_run_of_clips_with_one_cause_is_one_issue_spanning_it_and_naming_every_clip(
    defects: DefectLibrary
) -> None:
    clean, odd = await defects.facts("clean"), await defects.facts("long_keyframe_interval")
    slots = back_to_back([clean] * 8 + [odd] * 5 + [clean] * 2)
    answer = judge(slots)
    assert [(issue.check, issue.severity) for issue in answer.issues] == [("keyframe_interval", "warn")]
    issue = answer.issues[0]
    first, last = slots[8], slots[12]
    assert issue.start.replace(tzinfo=None) == first.start
    assert issue.end.replace(tzinfo=None) == last.start + timedelta(seconds=CLIP_S)
    assert issue.measured["clips"] == 5 and len(issue.clip_ids) == len(set(issue.clip_ids)) == 5
    assert issue.paths[0].endswith(f"{first.start:%Y%m%d-%H%M%S}.mp4")
    assert re.match(r"02:00\u201302:01, 5 clips: longest keyframe interval 4\.00 s", issue.detail), issue.detail
    assert answer.summary.issues == 1 and answer.days[0].by_check == {"keyframe_interval": 1}


async def test_runs_split_where_a_clean_clip_or_another_cause_comes_between(defects: DefectLibrary) -> None:
    clean, odd, short = [await defects.facts(name) for name in ("clean", "long_keyframe_interval", "short")]
    answer = judge(back_to_back([clean] * 6 + [odd] * 2 + [clean] + [odd] * 3 + [short] * 2 + [clean] * 6))
    assert [(issue.check, issue.measured.get("clips")) for issue in answer.issues] == [
        ("keyframe_interval", 2), ("keyframe_interval", 3), ("duration", 2)]


async def test_a_run_of_clips_with_dropped_frames_counts_the_frames_of_every_clip(defects: DefectLibrary) -> None:
    clean, dropping = await defects.facts("clean"), await defects.facts("dropped_frames")
    answer = judge(back_to_back([clean] * 6 + [dropping] * 3 + [clean] * 6))
    assert [(issue.check, issue.severity) for issue in answer.issues] == [("dropped_frames", "fail")]
    issue = answer.issues[0]
    assert (issue.measured["clips"], issue.measured["missing_frames"]) == (3, 30)
    assert issue.detail.startswith("02:00\u201302:00, 3 clips: 10 frames missing") and "30 missing frames in all" in \
        issue.detail


async def test_an_hour_of_a_sub_profile_is_judged_by_its_own_kind_and_named_once(defects: DefectLibrary) -> None:
    clean, sub = await defects.facts("clean"), await defects.facts("sub_profile")
    answer = judge(back_to_back([clean] * 8 + [sub] * 6 + [clean] * 8))
    assert [(issue.check, issue.measured["clips"]) for issue in answer.issues] == [("profile_change", 6)]
    assert "320x180 → 160x90" in answer.issues[0].detail and "15 → 10 fps" in answer.issues[0].detail
    assert (answer.expected.width, answer.expected.max_keyframe_interval_s) == (320, 1.0)


async def test_the_cameras_configured_keyframe_interval_judges_every_profile_as_one_run(
    defects: DefectLibrary
) -> None:
    clean, sub = await defects.facts("clean"), await defects.facts("sub_profile")
    answer = judge(back_to_back([clean] * 8 + [sub] * 6 + [clean] * 8),
                   camera=ExpectedOverrides(max_keyframe_interval_s=1.0))
    keyframes = [issue for issue in answer.issues if issue.check == "keyframe_interval"]
    assert [issue.measured["clips"] for issue in keyframes] == [6]


async def test_expected_values_of_the_request_reach_every_clip_of_a_day_at_the_wrong_size(
    defects: DefectLibrary
) -> None:
    answer = judge(back_to_back([await defects.facts("clean")] * 12),
                   request=ExpectedOverrides(width=1920, height=1080, fps=30.0))
    assert [(issue.check, issue.measured["clips"]) for issue in answer.issues] == [("profile_change", 12)]
    issue = answer.issues[0]
    assert "1920x1080 → 320x180" in issue.detail and "30 → 15 fps" in issue.detail and len(issue.clip_ids) == 12


async def test_a_first_clip_starting_before_the_previous_days_recording_ended_is_an_overlap(
    defects: DefectLibrary
) -> None:
    slots = back_to_back([await defects.facts("clean")] * 4)
    answer = judge(slots, carried_until=slots[0].start + timedelta(seconds=3))
    assert [(issue.check, issue.measured["seconds"]) for issue in answer.issues] == [("overlap", 3.0)]
    assert "previous day's last clip" in answer.issues[0].detail
    assert judge(slots, carried_until=slots[0].start + timedelta(seconds=0.5)).issues == []


async def test_frames_lost_between_fragments_are_found_by_each_fragments_tfdt(tmp_path: Path,
                                                                               defects: DefectLibrary) -> None:
    lost = await probed_facts(fragmented_with_lost_time(tmp_path, from_fragment=3))
    intact = await probed_facts(tmp_path / "fragmented.mp4")
    assert intact.timing is not None and intact.timing.missing_frames == 0
    answer = judge(back_to_back([intact, lost, intact]), tolerances=None)
    dropped = [issue for issue in answer.issues if issue.check == "dropped_frames"]
    assert [issue.measured["missing_frames"] for issue in dropped] == [15]
    assert dropped[0].measured["longest_step_s"] == pytest.approx(1.067, abs=0.01)


async def test_junit_shows_a_run_as_one_line_of_its_check_and_stays_valid(defects: DefectLibrary) -> None:
    clean, short = await defects.facts("clean"), await defects.facts("short")
    answer = judge(back_to_back([clean] * 3 + [short] * 5 + [clean] * 3))
    xml = checks_junit(answer, "http://sdb.example")
    assert_valid_junit(xml)
    text = xml.decode()
    assert text.count("5 clips: ") == 1 and 'name="duration"' in text
    assert "http://sdb.example/CAM01/2026-11-20#t=02:00:18" in text
