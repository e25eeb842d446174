"""probe_mp4 finds every keyframe's exact bytes, and each one decodes on its own into a full picture."""

from pathlib import Path

import av
import pytest

from libs.common.adapters.media.keyframe_budget import choose_image_keyframes
from libs.common.adapters.media.keyframe_bytes import read_keyframe_annexb
from libs.common.adapters.media.mp4_probe import ClipProbe, probe_mp4
from tests.media.media_clip_library import CLIP_SPECS, ClipLibrary
from tests.media.media_counting_reader import CountingFileReader
from tests.media.media_ffprobe_report import ffprobe_report

SHORT_CLIPS = [name for name, spec in CLIP_SPECS.items() if spec.seconds < 60]


async def probe_clip(clip_library: ClipLibrary, name: str) -> tuple[CountingFileReader, ClipProbe]:
    reader = CountingFileReader.of_file(clip_library.path(name))
    return reader, await probe_mp4(reader.read, reader.size)


@pytest.mark.parametrize("name", SHORT_CLIPS)
async def test_keyframes_sit_exactly_where_ffprobe_finds_them(clip_library: ClipLibrary, name: str) -> None:
    _, probe = await probe_clip(clip_library, name)
    expected = ffprobe_report(clip_library.path(name)).keyframe_packets()
    assert [(k.offset, k.size) for k in probe.keyframes] == [(int(p["pos"]), int(p["size"])) for p in expected]
    first_dts = float(expected[0]["dts_time"])
    assert [k.time_s for k in probe.keyframes] == pytest.approx(
        [float(p["dts_time"]) - first_dts for p in expected], abs=0.001
    )


@pytest.mark.parametrize("name", SHORT_CLIPS)
async def test_first_and_middle_keyframes_decode_into_one_full_size_picture(
    clip_library: ClipLibrary, name: str
) -> None:
    reader, probe = await probe_clip(clip_library, name)
    assert probe.facts.video is not None
    for keyframe in (probe.keyframes[0], probe.keyframes[len(probe.keyframes) // 2]):
        decoder = av.CodecContext.create(probe.video_codec, "r")
        annexb = await read_keyframe_annexb(reader.read, probe, keyframe)
        frames = [*decoder.decode(av.Packet(annexb)), *decoder.decode(None)]
        assert len(frames) == 1
        assert (frames[0].width, frames[0].height) == (probe.facts.video.width, probe.facts.video.height)


async def test_keyframe_bytes_start_with_the_parameter_sets(clip_library: ClipLibrary) -> None:
    reader, probe = await probe_clip(clip_library, "hevc_720p15_aac")
    annexb = await read_keyframe_annexb(reader.read, probe, probe.keyframes[0])
    assert annexb.startswith(probe.parameter_sets_annexb)
    nal_types = [(annexb[i + 4] >> 1) & 0x3F for i in range(len(annexb) - 4) if annexb[i : i + 4] == b"\0\0\0\1"]
    assert nal_types[:3] == [32, 33, 34]  # VPS, SPS, PPS


async def test_spread_keyframes_cover_the_clip_from_its_first_keyframe(long_camera_clip: Path) -> None:
    reader = CountingFileReader.of_file(long_camera_clip)
    probe = await probe_mp4(reader.read, reader.size)
    picked = choose_image_keyframes(probe, 5, budget_bytes=reader.size)
    assert [k.time_s for k in picked] == pytest.approx([0.0, 12.0, 24.0, 36.0, 48.0], abs=12.0 / 3)
    assert picked[0] == probe.keyframes[0]


async def test_asking_for_more_keyframes_than_exist_gives_them_all(clip_library: ClipLibrary) -> None:
    _, probe = await probe_clip(clip_library, "fragmented_720p15_aac")
    assert choose_image_keyframes(probe, 100, budget_bytes=10**9) == probe.keyframes
    assert choose_image_keyframes(probe, 0, budget_bytes=10**9) == ()
