"""Exports that cannot be made are refused with a 4xx JSON reason before anything is read from the camera."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from libs.camera_simulator.server import start_simulator
from tests.export.conftest import CAMERA, ExportWorld
from tests.export.export_card import CUT_OFF, FIRST_RUN, SECOND_RUN, SMALLER, at, slot
from tests.sample_card import PASSWORD, USER

GOOD_START, GOOD_END = at(1, 5.0), at(3, 5.0)
MALFORMED_INSTANTS = [
    "",
    "now",
    "\uff12\uff10\uff12\uff16-11-20T02:00:00Z",  # fullwidth digits that isdigit() accepts
    "\u0662\u0660\u0662\u0666-11-20T02:00:00Z",  # Arabic-Indic digits
    "2026-11-20T02:00:00é",  # a latin-1 byte after a good instant
    "2026-13-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-11-20T24:00:00Z",
    "2026-11-20T02:00:00+25:00",
    "2026-11-20T02:00:00.1234567Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59",  # past year 9999 in UTC
    "2026-11-20T02:00:00Z;reboot",
    "1" * 5000,
]


@pytest.fixture
async def quiet(world: ExportWorld) -> AsyncIterator[ExportWorld]:
    """The world, checked afterwards to have read no byte from the camera and opened no connection."""
    served, accepted = world.simulator.bytes_served, world.simulator.connections_accepted
    yield world
    assert (world.simulator.bytes_served, world.simulator.connections_accepted) == (served, accepted)


async def _get(client: httpx.AsyncClient, start: str, end: str, camera: str = CAMERA, **more: str) -> httpx.Response:
    return await client.get(f"/api/v1/cameras/{camera}/export", params={"start": start, "end": end, **more})


def _refused(answer: httpx.Response, status: int, *words: str) -> str:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    detail: str = answer.json()["detail"]
    for word in words:
        assert word in detail, detail
    return detail


@pytest.mark.parametrize("instant", MALFORMED_INSTANTS)
@pytest.mark.parametrize("which", ["start", "end"])
async def test_a_malformed_instant_is_refused_with_422(quiet: ExportWorld, which: str, instant: str) -> None:
    bounds = {"start": GOOD_START, "end": GOOD_END, which: instant}
    _refused(await _get(quiet.gateway, bounds["start"], bounds["end"]), 422)


@pytest.mark.parametrize(("start", "end"), [(GOOD_END, GOOD_START), (GOOD_START, GOOD_START)])
async def test_an_end_not_after_the_start_is_refused_with_422(quiet: ExportWorld, start: str, end: str) -> None:
    _refused(await _get(quiet.gateway, start, end), 422, "after start")


async def test_a_range_one_second_over_24_hours_is_refused_and_24_hours_is_not(quiet: ExportWorld) -> None:
    _refused(await _get(quiet.gateway, "2026-11-20T00:00:00Z", "2026-11-21T00:00:01Z"), 422, "24 h")
    whole_day = await _get(quiet.gateway, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z")
    assert whole_day.status_code != 422, whole_day.text


async def test_a_range_across_a_resolution_change_is_refused_with_409_naming_it(quiet: ExportWorld) -> None:
    detail = _refused(await _get(quiet.gateway, at(SECOND_RUN[-1], 5.0), at(SMALLER[0], 5.0)), 409,
                      "resolution", "640x360", "480x270")
    assert "02:05:00" in detail


async def test_a_range_over_the_size_limit_is_refused_with_422(quiet: ExportWorld) -> None:
    async with quiet.other_gateway(export_max_bytes=500_000) as small_limit:
        _refused(await _get(small_limit, GOOD_START, GOOD_END), 422, "SDB_EXPORT_MAX_BYTES")
        _refused(await _get(small_limit, at(FIRST_RUN[0]), at(FIRST_RUN[-1], 10.0), format="zip"), 422,
                 "SDB_EXPORT_MAX_BYTES")


@pytest.mark.parametrize(("start", "end"), [("2026-11-20T05:00:00Z", "2026-11-20T06:00:00Z"),
                                            ("2026-11-19T02:00:00Z", "2026-11-19T03:00:00Z")])
async def test_a_range_without_recordings_is_404(quiet: ExportWorld, start: str, end: str) -> None:
    _refused(await _get(quiet.gateway, start, end), 404, "no recordings")


async def test_a_camera_never_scanned_is_404(quiet: ExportWorld) -> None:
    _refused(await _get(quiet.gateway, GOOD_START, GOOD_END, camera="NEVER-SEEN-01"), 404, "NEVER-SEEN-01")


async def test_a_range_holding_only_a_cut_off_clip_is_404_pointing_at_the_zip(quiet: ExportWorld) -> None:
    _refused(await _get(quiet.gateway, at(CUT_OFF), at(CUT_OFF, 5.0)), 404, "format=zip")


@pytest.mark.parametrize("camera", ["bad;id", "$(reboot)", "x" * 65])
async def test_a_hostile_camera_id_is_refused_with_400(quiet: ExportWorld, camera: str) -> None:
    _refused(await _get(quiet.gateway, GOOD_START, GOOD_END, camera=camera), 400)


@pytest.mark.parametrize("format", ["mov", "ZIP", "", "zip;rm"])
async def test_an_unknown_format_is_refused_with_422(quiet: ExportWorld, format: str) -> None:
    _refused(await _get(quiet.gateway, GOOD_START, GOOD_END, format=format), 422)


async def test_a_clip_recycled_since_the_scan_is_409_naming_it(world: ExportWorld, tmp_path: Path) -> None:
    card = tmp_path / "sdcard"
    shutil.copytree(world.card, card, copy_function=os.link)
    (card / slot(FIRST_RUN[1]).relative_path).unlink()
    shutil.copytree(world.card.parent / "config", tmp_path / "config")
    async with (
        await start_simulator(card, user=USER, password=PASSWORD) as recycled,
        world.other_gateway(recycled) as gateway,
    ):
        _refused(await _get(gateway, GOOD_START, GOOD_END), 409, slot(FIRST_RUN[1]).relative_path, "scan")
