"""No false positives: the prober suite's clean clips (moov at end, faststart, fragmented, HEVC ...) raise nothing."""

from __future__ import annotations

import pytest

from tests.checks.check_days import back_to_back, judge
from tests.checks.defect_clips import probed_facts
from tests.media.media_clip_library import ClipLibrary

CLEAN = ["camera_1080p30_aac", "camera_720p15_silent", "faststart_720p25_aac", "fragmented_720p15_aac",
         "hevc_720p15_aac", "baseline_360p10_silent"]


@pytest.mark.parametrize("name", CLEAN)
async def test_a_continuous_run_of_a_clean_clip_passes(clean_library: ClipLibrary, name: str) -> None:
    facts = await probed_facts(clean_library.path(name))
    answer = judge(back_to_back([facts] * 5))
    assert answer.issues == [], [issue.detail for issue in answer.issues]
    assert answer.verdict == "pass"
    assert answer.summary.clips_without_timing == 0


async def test_a_day_mixing_every_clean_kind_only_reports_the_profile_changes(clean_library: ClipLibrary) -> None:
    facts = [await probed_facts(clean_library.path(name)) for name in CLEAN]
    answer = judge(back_to_back(facts))
    assert {issue.check for issue in answer.issues} <= {"profile_change", "bitrate", "duration", "keyframe_interval"}
    assert not [issue for issue in answer.issues if issue.severity == "fail"]
