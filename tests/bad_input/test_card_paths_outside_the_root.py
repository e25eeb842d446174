"""Card paths that try to leave sd_root: refused before any read, and symlinks on the card are never followed."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.errors import CameraPathRefused
from libs.common.adapters.camera.session import CameraSession
from libs.common.domain.clip_identity import is_clip_path
from tests.camera_pools import camera_pool
from tests.e2e.sse_client import read_events
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import CARD_DAY, PASSWORD, USER
from tools.local_servers.asgi_server import served_client

DAY = CARD_DAY.isoformat()
ESCAPES = ["../outside/secret.txt", "../../etc/passwd", f"{DAY}/../../outside/secret.txt", "/etc/passwd",
           "..", f"{DAY}/02/..", "a\\..\\..\\outside", "x\x00y", "a\nb"]


@pytest.fixture
def card_with_escapes(small_card: Path, tmp_path: Path) -> Path:
    """A copy of the sample card next to a secret folder, with symlinks from the card into it and to /etc."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for cameras")
    shutil.copy(next(small_card.rglob("*.mp4")), outside / "20261120-020000.mp4")
    card = tmp_path / "sdcard"
    shutil.copytree(small_card, card, symlinks=True)
    hour = card / DAY / "02"
    (hour / "20261120-025900.mp4").symlink_to(outside / "20261120-020000.mp4")
    (hour / "passwd-025800.mp4").symlink_to("/etc/passwd")
    (card / "2026-11-21").symlink_to(outside, target_is_directory=True)
    (card / DAY / "04").symlink_to(outside, target_is_directory=True)
    return card


@pytest.fixture
async def escaping_camera(card_with_escapes: Path) -> AsyncIterator[RunningSimulator]:
    """A simulator serving the card with escapes."""
    async with await start_simulator(card_with_escapes, user=USER, password=PASSWORD) as running:
        yield running


@pytest.fixture(params=[True, False], ids=["sftp", "exec"])
async def session(request: pytest.FixtureRequest, card_with_escapes: Path, tmp_path: Path) -> AsyncIterator[
        tuple[CameraSession, RunningSimulator]]:
    """A camera session over SFTP, and one over shell commands only (dd/find), on the card with escapes."""
    running = await start_simulator(card_with_escapes, user=USER, password=PASSWORD, sftp=request.param)
    pool = camera_pool(tmp_path)
    try:
        yield await pool.session(running.target("ESCAPE01")), running
    finally:
        await pool.close()
        await running.close()


def plain_clips(card: Path) -> set[str]:
    """Card-relative clip paths of regular files reached without following a symlink."""
    return {path.relative_to(card).as_posix() for path in card.rglob("*")
            if path.is_file() and not path.is_symlink() and not any(p.is_symlink() for p in path.parents)
            and is_clip_path(path.relative_to(card).as_posix())}


@pytest.mark.parametrize("path", ESCAPES)
async def test_reading_a_path_that_leaves_the_card_is_refused_before_any_io(
    session: tuple[CameraSession, RunningSimulator], path: str
) -> None:
    camera, simulator = session
    connections = simulator.connections_accepted
    with pytest.raises(CameraPathRefused):
        await camera.read_range(path, 0, 100)
    with pytest.raises(CameraPathRefused):
        await camera.list_files(path)
    assert camera.bytes_read == 0
    assert simulator.connections_accepted == connections


async def test_a_listing_never_follows_symlinks_out_of_the_card(
    session: tuple[CameraSession, RunningSimulator], card_with_escapes: Path
) -> None:
    camera, _ = session
    listed = {remote.path for remote in await camera.list_files()}
    assert not any(path.startswith(("2026-11-21", f"{DAY}/04")) for path in listed)
    assert f"{DAY}/02/20261120-025900.mp4" not in listed and f"{DAY}/02/passwd-025800.mp4" not in listed
    assert {path for path in listed if is_clip_path(path)} == plain_clips(card_with_escapes)


async def test_a_scan_of_a_card_with_escaping_symlinks_reports_only_the_card(
    make_embedded: EmbeddedFactory, escaping_camera: RunningSimulator, card_with_escapes: Path
) -> None:
    async with make_embedded([escaping_camera.target("CAM01")], preview_frames=4) as system, \
            served_client(system.web_app) as web:
        scan_id = (await web.post("/api/v1/cameras/CAM01/scans", json={})).json()["scan_id"]
        events = await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=90)
        assert events[-1].kind == "scan.completed"
        dates = [row["date"] for row in (await web.get("/api/v1/cameras/CAM01/dates")).json()]
        clips = (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY})).json()
        assert (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": "2026-11-21"})).status_code == 404
    assert dates == [DAY]
    assert {clip["path"] for clip in clips} == plain_clips(card_with_escapes)
