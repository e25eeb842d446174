"""A range export is one MP4 that ffprobe reads: the codec unchanged, the recorded seconds of the range (from the
keyframe at or before start), gaps skipped with continuous timestamps, and little more read than the range holds."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.export.conftest import CAMERA, ExportWorld
from tests.export.export_card import CLIP_SECONDS, FIRST_RUN, FPS, SECOND_RUN, at, slot
from tests.export.media_probe import decode_errors, probe

KEYFRAME_INTERVAL_S = 1.0
CASES = {
    "inside one clip": (at(1, 2.0), at(1, 7.0)),
    "across clip boundaries": (at(1, 5.0), at(3, 5.0)),
    "across a gap": (at(FIRST_RUN[-1], 5.0), at(SECOND_RUN[0], 15.0)),
}


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=None)


def _clip_spans(card: Path) -> list[tuple[datetime, datetime, int]]:
    """(start, end, bytes) of every readable 640x360 clip on the card."""
    return [(slot(i).start.replace(tzinfo=None), slot(i).start.replace(tzinfo=None) + timedelta(seconds=CLIP_SECONDS),
             (card / slot(i).relative_path).stat().st_size) for i in (*FIRST_RUN, *SECOND_RUN)]


def _recorded(card: Path, start: str, end: str) -> tuple[float, float]:
    """Seconds recorded inside [start, end), and the clip bytes that share of each clip holds."""
    first, last = _instant(start), _instant(end)
    seconds = bytes_in_range = 0.0
    for clip_start, clip_end, size in _clip_spans(card):
        overlap = max((min(clip_end, last) - max(clip_start, first)).total_seconds(), 0.0)
        seconds += overlap
        bytes_in_range += size * overlap / CLIP_SECONDS
    return seconds, bytes_in_range


async def _export(world: ExportWorld, start: str, end: str, target: Path) -> tuple[int, int]:
    """Download the export into target; returns (bytes served by the camera meanwhile, Content-Length)."""
    served_before = world.simulator.bytes_served
    async with world.gateway.stream("GET", f"/api/v1/cameras/{CAMERA}/export",
                                    params={"start": start, "end": end}) as answer:
        assert answer.status_code == 200, (await answer.aread()).decode()
        assert answer.headers["content-type"] == "video/mp4"
        assert answer.headers["content-disposition"].startswith('attachment; filename="EXP01_')
        with target.open("wb") as file:
            async for chunk in answer.aiter_bytes():
                file.write(chunk)
    return world.simulator.bytes_served - served_before, int(answer.headers["content-length"])


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
async def test_an_export_holds_the_recorded_seconds_of_the_range_as_a_stream_copy(
    world: ExportWorld, tmp_path: Path, case: str
) -> None:
    start, end = CASES[case]
    target = tmp_path / "export.mp4"
    await _export(world, start, end, target)
    recorded_s, _ = _recorded(world.card, start, end)
    found = probe(target)
    assert (found.video["codec_name"], found.video["profile"]) == ("h264", "Main")
    assert (found.video["width"], found.video["height"]) == (640, 360)
    assert found.audio is not None and found.audio["codec_name"] == "aac"
    assert abs(found.duration_s - recorded_s) <= KEYFRAME_INTERVAL_S, (found.duration_s, recorded_s)
    assert abs(found.frames - found.duration_s * FPS) <= 1, (found.frames, found.duration_s)
    assert abs(found.frames - recorded_s * FPS) <= KEYFRAME_INTERVAL_S * FPS
    assert decode_errors(target) == ""


async def test_a_gap_is_skipped_and_the_timestamps_run_on_without_a_jump(world: ExportWorld, tmp_path: Path) -> None:
    target = tmp_path / "gap.mp4"
    await _export(world, *CASES["across a gap"], target)
    times = probe(target).video_times
    steps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert times[0] == pytest.approx(0.0, abs=0.01)
    assert max(steps) == pytest.approx(1 / FPS, abs=0.002)
    assert min(steps) == pytest.approx(1 / FPS, abs=0.002)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
async def test_the_camera_sends_little_more_than_the_clip_bytes_of_the_range(
    world: ExportWorld, tmp_path: Path, case: str
) -> None:
    start, end = CASES[case]
    target = tmp_path / "export.mp4"
    served, content_length = await _export(world, start, end, target)
    _, bytes_in_range = _recorded(world.card, start, end)
    assert served <= 1.1 * bytes_in_range, (served, bytes_in_range)
    assert target.stat().st_size == content_length


async def test_a_range_that_starts_between_keyframes_starts_at_the_keyframe_before(
    world: ExportWorld, tmp_path: Path
) -> None:
    target = tmp_path / "mid-gop.mp4"
    await _export(world, at(1, 2.6), at(1, 4.0), target)
    found = probe(target)
    assert found.duration_s == pytest.approx(2.0, abs=1 / FPS)


async def test_the_web_app_relays_the_same_file(world: ExportWorld) -> None:
    params = {"start": CASES["across a gap"][0], "end": CASES["across a gap"][1]}
    direct = await world.gateway.get(f"/api/v1/cameras/{CAMERA}/export", params=params)
    async with world.other_gateway(through_web=True) as web:
        relayed = await web.get(f"/api/v1/cameras/{CAMERA}/export", params=params)
    assert relayed.status_code == 200 and relayed.headers["content-type"] == "video/mp4"
    assert relayed.content == direct.content
