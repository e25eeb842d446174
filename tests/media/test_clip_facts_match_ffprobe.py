"""Every fact probe_mp4 learns from a few ranged reads agrees with ffprobe reading the whole file."""

import pytest

from libs.common.adapters.media.clip_facts import ClipFacts
from libs.common.adapters.media.mp4_probe import probe_mp4
from tests.media.media_clip_library import CLIP_SPECS, FRAGMENTED, ClipLibrary
from tests.media.media_counting_reader import CountingFileReader
from tests.media.media_ffprobe_report import ffprobe_report

SHORT_CLIPS = [name for name, spec in CLIP_SPECS.items() if spec.seconds < 60]
LEVEL_SCALE = {"h264": 10, "hevc": 30}


async def probed_facts(clip_library: ClipLibrary, name: str) -> ClipFacts:
    reader = CountingFileReader.of_file(clip_library.path(name))
    return (await probe_mp4(reader.read, reader.size)).facts


@pytest.mark.long(seconds=3)
@pytest.mark.parametrize("name", [*SHORT_CLIPS, "camera_1080p30_60s"])
async def test_video_facts_match_ffprobe(clip_library: ClipLibrary, name: str) -> None:
    facts = await probed_facts(clip_library, name)
    report = ffprobe_report(clip_library.path(name))
    video, expected = facts.video, report.video
    assert video is not None and expected is not None
    assert video.codec == expected["codec_name"]
    assert video.profile == expected["profile"]
    assert video.level == pytest.approx(expected["level"] / LEVEL_SCALE[video.codec], abs=0.01)
    assert (video.width, video.height) == (expected["width"], expected["height"])
    numerator, denominator = (int(part) for part in expected["avg_frame_rate"].split("/"))
    assert video.fps == pytest.approx(numerator / denominator, abs=0.5)
    assert video.frames == len(report.video_packets)
    assert video.frames == int(expected.get("nb_frames", video.frames))
    assert video.bitrate_kbps == pytest.approx(int(expected["bit_rate"]) / 1000, rel=0.05)


@pytest.mark.parametrize("name", SHORT_CLIPS)
async def test_clip_duration_and_layout_match_ffprobe(clip_library: ClipLibrary, name: str) -> None:
    facts = await probed_facts(clip_library, name)
    report = ffprobe_report(clip_library.path(name))
    assert facts.container == "mp4"
    assert facts.duration_s == pytest.approx(float(report.format["duration"]), abs=0.5)
    assert facts.fragmented == (CLIP_SPECS[name].movflags == FRAGMENTED)


@pytest.mark.parametrize("name", SHORT_CLIPS)
async def test_audio_facts_match_ffprobe(clip_library: ClipLibrary, name: str) -> None:
    facts = await probed_facts(clip_library, name)
    expected = ffprobe_report(clip_library.path(name)).audio
    if expected is None:
        assert facts.audio is None
        return
    assert facts.audio is not None
    assert facts.audio.codec == expected["codec_name"]
    assert facts.audio.sample_rate == int(expected["sample_rate"])
    assert facts.audio.channels == expected["channels"]


async def test_keyframe_interval_follows_the_encoders_gop(clip_library: ClipLibrary) -> None:
    facts = await probed_facts(clip_library, "camera_720p15_silent")
    assert facts.video is not None
    assert facts.video.keyframe_interval_frames == 15
    assert facts.video.keyframe_interval_s == pytest.approx(1.0)
    assert facts.video.keyframe_regular
    assert facts.video.fps_nominal is None


async def test_facts_serialise_to_the_api_field_names(clip_library: ClipLibrary) -> None:
    facts = await probed_facts(clip_library, "camera_1080p30_aac")
    as_json = facts.model_dump(mode="json")
    assert set(as_json) >= {"container", "duration_s", "video", "audio", "fragmented"}
    assert set(as_json["video"]) >= {
        "codec",
        "profile",
        "width",
        "height",
        "fps",
        "bitrate_kbps",
        "keyframe_interval_s",
        "frames",
    }
    assert as_json["audio"] == {"codec": "aac", "sample_rate": 16000, "channels": 1}


async def test_dropped_frames_lower_the_average_fps_below_the_nominal_rate(clip_library: ClipLibrary) -> None:
    facts = await probed_facts(clip_library, "dropped_frames_720p30")
    assert facts.video is not None
    assert facts.video.fps == pytest.approx(27.0, abs=0.5)
    assert facts.video.fps_nominal == pytest.approx(30.0)


async def test_keyframes_forced_at_uneven_times_are_irregular(clip_library: ClipLibrary) -> None:
    facts = await probed_facts(clip_library, "irregular_keyframes_720p15")
    assert facts.video is not None
    assert not facts.video.keyframe_regular
    assert facts.video.keyframe_interval_frames is not None
