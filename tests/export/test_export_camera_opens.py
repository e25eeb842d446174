"""An export opens each clip once on the camera (counted by the camera), for its index and its samples, whether the
clip's index is at its end or at its start (faststart); a camera without SFTP gives the same file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from libs.camera_simulator.server import start_simulator
from services.gateway.export import export_clips
from tests.export.conftest import CAMERA, ExportWorld
from tests.export.export_card import FASTSTART, FIRST_RUN, FPS, SECOND_RUN, at, slot
from tests.export.media_probe import decode_errors, probe
from tests.sample_card import PASSWORD, USER

WHOLE_RUNS = (at(FIRST_RUN[0]), at(SECOND_RUN[-1], 10.0))


async def _opens_per_clip(world: ExportWorld, start: str, end: str, target: Path, **more: str) -> dict[str, int]:
    """Export into target and return how often the camera opened each clip file meanwhile (by card path)."""
    before = Counter(world.simulator.counts.sftp_opens)
    async with world.gateway.stream("GET", f"/api/v1/cameras/{CAMERA}/export",
                                    params={"start": start, "end": end, **more}) as answer:
        assert answer.status_code == 200, (await answer.aread()).decode()
        with target.open("wb") as file:
            async for chunk in answer.aiter_bytes():
                file.write(chunk)
    opened = Counter(world.simulator.counts.sftp_opens) - before
    return {path.split("/sdcard/", 1)[-1].lstrip("/"): count for path, count in opened.items()}


def _paths(indexes: tuple[int, ...] | range) -> dict[str, int]:
    return {slot(index).relative_path: 1 for index in indexes}


@pytest.mark.parametrize("format", ["mp4", "zip"])
async def test_an_export_opens_each_clip_of_the_range_once(world: ExportWorld, tmp_path: Path, format: str) -> None:
    opens = await _opens_per_clip(world, *WHOLE_RUNS, tmp_path / f"runs.{format}", format=format)
    assert opens == _paths((*FIRST_RUN, *SECOND_RUN)), opens


async def test_a_clip_with_its_index_first_exports_and_is_opened_once(world: ExportWorld, tmp_path: Path) -> None:
    target = tmp_path / "faststart.mp4"
    opens = await _opens_per_clip(world, at(FASTSTART[0], 2.0), at(FASTSTART[-1], 8.0), target)
    assert opens == _paths(FASTSTART), opens
    found = probe(target)
    assert (found.video["codec_name"], found.video["width"], found.video["height"]) == ("h264", 640, 360)
    assert found.duration_s == pytest.approx(16.0, abs=1.0)
    assert abs(found.frames - found.duration_s * FPS) <= 1
    assert decode_errors(target) == ""


async def test_a_range_of_more_clips_than_are_kept_open_still_exports_whole(
    world: ExportWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_clips, "MAX_OPEN_CLIPS", 3)
    target, expected = tmp_path / "many.mp4", tmp_path / "expected.mp4"
    opens = await _opens_per_clip(world, *WHOLE_RUNS, target)
    assert set(opens) == set(_paths((*FIRST_RUN, *SECOND_RUN))) and max(opens.values()) <= 2, opens
    monkeypatch.undo()
    await _opens_per_clip(world, *WHOLE_RUNS, expected)
    assert target.read_bytes() == expected.read_bytes()


@pytest.mark.parametrize("format", ["mp4", "zip"])
async def test_a_camera_without_sftp_gives_the_same_file_through_batched_dd_reads(
    world: ExportWorld, format: str
) -> None:
    params = {"start": at(FIRST_RUN[2], 5.0), "end": at(SECOND_RUN[1], 5.0), "format": format}
    direct = await world.gateway.get(f"/api/v1/cameras/{CAMERA}/export", params=params)
    async with (
        await start_simulator(world.card, user=USER, password=PASSWORD, sftp=False) as exec_only,
        world.other_gateway(exec_only) as gateway,
    ):
        relayed = await gateway.get(f"/api/v1/cameras/{CAMERA}/export", params=params)
        assert exec_only.counts.exec_calls >= 1 and not exec_only.counts.sftp_opens
    assert direct.status_code == relayed.status_code == 200, relayed.text
    assert relayed.content == direct.content
