"""The timing summary the prober keeps per clip: steps, missing frames, backwards time, keyframes, track durations."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from libs.common.adapters.media.clip_facts import ClipTiming
from libs.common.adapters.media.clip_timing import timing_summary
from libs.common.adapters.media.mp4_probe import probe_mp4
from libs.common.adapters.media.mp4_track import Track, TrackSamples
from libs.common.adapters.media.range_reader import RangeReader
from tests.media.media_clip_library import CLIP_SPECS, ClipLibrary
from tests.media.media_counting_reader import CountingFileReader
from tests.media.media_ffprobe_report import ffprobe_report

CLEAN_CLIPS = ["camera_1080p30_aac", "camera_720p15_silent", "faststart_720p25_aac", "fragmented_720p15_aac",
               "hevc_720p15_aac", "baseline_360p10_silent"]


async def probed_timing(clip_library: ClipLibrary, name: str) -> ClipTiming:
    reader = CountingFileReader.of_file(clip_library.path(name))
    timing = (await probe_mp4(reader.read, reader.size)).facts.timing
    assert timing is not None
    return timing


@pytest.mark.parametrize("name", CLEAN_CLIPS)
async def test_a_clean_clip_has_one_steady_step_and_starts_on_a_keyframe(clip_library: ClipLibrary, name: str) -> None:
    timing = await probed_timing(clip_library, name)
    spec = CLIP_SPECS[name]
    assert timing.frame_step_s == pytest.approx(1 / spec.fps, rel=0.01)
    assert timing.missing_frames == timing.long_step_count == timing.backwards_steps == 0
    assert timing.long_steps == []
    assert timing.first_is_keyframe
    assert timing.max_keyframe_interval_s == pytest.approx(spec.gop / spec.fps, abs=0.01)
    assert timing.video_duration_s == pytest.approx(spec.seconds, abs=0.05)
    if spec.audio:
        assert timing.audio_duration_s == pytest.approx(spec.seconds, abs=0.2)
    else:
        assert timing.audio_duration_s is None


async def test_frames_dropped_with_passthrough_timestamps_are_counted_where_they_are(clip_library: ClipLibrary) -> None:
    timing = await probed_timing(clip_library, "dropped_frames_720p30")
    report = ffprobe_report(clip_library.path("dropped_frames_720p30"))
    expected_missing = round(timing.video_duration_s * 30) - len(report.video_packets)
    assert expected_missing == 18
    assert timing.missing_frames == timing.long_step_count == expected_missing
    assert len(timing.long_steps) == 18
    first = timing.long_steps[0]
    assert first.at_s == pytest.approx(4 / 30, abs=0.002)
    assert first.step_s == pytest.approx(2 / 30, abs=0.002) and first.missing_frames == 1
    assert timing.frame_step_s == pytest.approx(1 / 30, rel=0.01)


async def test_the_longest_keyframe_interval_includes_the_last_group_of_pictures(clip_library: ClipLibrary) -> None:
    timing = await probed_timing(clip_library, "irregular_keyframes_720p15")
    assert timing.max_keyframe_interval_s == pytest.approx(6.0 - 3.4, abs=0.07)


def _track(deltas: list[int], sync: list[int], composition: list[int] | None = None) -> Track:
    samples = TrackSamples(sizes=[100] * len(deltas), offsets=list(range(len(deltas))), deltas=deltas, sync=sync,
                           composition=composition or [])
    return Track(track_id=1, handler="vide", timescale=1000, media_duration=sum(deltas), edit_duration_s=None,
                 video=None, audio=None, samples=samples)


def test_a_negative_or_zero_decode_step_counts_as_time_going_backwards() -> None:
    minus_forty = (1 << 32) - 40  # a muxer's -40 written into the unsigned stts field
    timing = timing_summary(_track([40, 40, minus_forty, 40, 0, 40, 40], sync=[0]), None)
    assert timing is not None
    assert timing.backwards_steps == 2


def test_b_frame_reordering_is_not_a_step_but_a_frame_shown_twice_is() -> None:
    reordered = timing_summary(_track([40] * 7, sync=[0], composition=[40, 120, 0, 0, 120, 0, 0]), None)  # IPBBPBB
    assert reordered is not None
    assert (reordered.backwards_steps, reordered.missing_frames) == (0, 0)
    shown_twice = timing_summary(_track([40] * 4, sync=[0], composition=[40, 40, 0, 40]), None)
    assert shown_twice is not None and shown_twice.backwards_steps == 1


def test_a_clip_that_does_not_start_on_a_keyframe_says_so() -> None:
    timing = timing_summary(_track([40] * 10, sync=[3, 8]), None)
    assert timing is not None
    assert not timing.first_is_keyframe
    assert timing.max_keyframe_interval_s == pytest.approx(0.2)


async def test_a_track_whose_edit_list_starts_with_an_empty_edit_lasts_as_ffprobe_says(
    clip_library: ClipLibrary, tmp_path: Path
) -> None:
    cut = tmp_path / "cut.mp4"  # stream copy from 0.4 s: audio gets an empty edit, then its samples
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(clip_library.path("camera_1080p30_aac")), "-ss", "0.4",
                    "-c", "copy", "-copyinkf", str(cut)], check=True)
    timing = (await probe_mp4(*_reader(cut))).facts.timing
    audio = ffprobe_report(cut).audio
    assert timing is not None and audio is not None
    assert timing.audio_duration_s == pytest.approx(float(audio["duration"]), abs=0.01)
    assert not timing.first_is_keyframe


def _reader(path: Path) -> tuple[RangeReader, int]:
    reader = CountingFileReader.of_file(path)
    return reader.read, reader.size
