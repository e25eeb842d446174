"""Image keyframes are chosen small and spread out, and never cost more camera bytes than the budget allows."""

from pathlib import Path

from libs.common.adapters.media.keyframe_budget import choose_image_keyframes
from libs.common.adapters.media.mp4_probe import ClipProbe, probe_mp4
from tests.media.media_counting_reader import CountingFileReader


async def probe_file(path: Path) -> tuple[int, ClipProbe]:
    reader = CountingFileReader.of_file(path)
    return reader.size, await probe_mp4(reader.read, reader.size)


async def test_a_one_minute_1080p_clip_gets_ten_preview_keyframes_within_two_percent(long_camera_clip: Path) -> None:
    size, probe = await probe_file(long_camera_clip)
    chosen = choose_image_keyframes(probe, 10, budget_bytes=size * 2 // 100)
    assert len(chosen) == 10
    assert chosen[0] == probe.keyframes[0]
    assert sum(k.size for k in chosen) <= size * 2 // 100


async def test_each_preview_keyframe_is_the_smallest_near_its_slot(long_camera_clip: Path) -> None:
    size, probe = await probe_file(long_camera_clip)
    chosen = choose_image_keyframes(probe, 6, budget_bytes=size)
    for slot, keyframe in enumerate(chosen[1:], start=1):
        near = [k for k in probe.keyframes[1:] if abs(k.time_s - slot * 10.0) <= 10.0 / 3]
        assert keyframe.size == min(k.size for k in near)


async def test_a_tight_budget_drops_preview_frames_but_keeps_the_thumbnail(long_camera_clip: Path) -> None:
    _, probe = await probe_file(long_camera_clip)
    first = probe.keyframes[0]
    tight = choose_image_keyframes(probe, 10, budget_bytes=first.size * 4)
    assert 2 <= len(tight) < 10 and tight[0] == first
    assert sum(k.size for k in tight) <= first.size * 4
    assert choose_image_keyframes(probe, 10, budget_bytes=1) == (first,)
