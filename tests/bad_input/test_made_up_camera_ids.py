"""Made-up camera ids cost little and tell nothing: they never join the camera list, their failures do not say how
the name lookup went, and only a couple of their connects run at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pydantic import SecretStr

from libs.common.adapters.camera.errors import CameraUnreachable
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.settings import Settings
from tests.e2e.sse_client import read_events
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import served_client
from tools.local_servers.polling import eventually

MADE_UP = ["NOSUCH01", "NOSUCH02", "NOSUCH03"]


async def test_scans_of_made_up_ids_fail_alike_and_leave_the_camera_list_as_it_was(
    make_embedded: EmbeddedFactory, camera_server: int
) -> None:
    async with make_embedded([camera_target(camera_server)], camera_host_template="{id}.invalid") as system, \
            served_client(system.web_app) as web:
        errors = []
        for camera_id in MADE_UP:
            scan_id = (await web.post(f"/api/v1/cameras/{camera_id}/scans", json={})).json()["scan_id"]
            events = await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=30)
            assert events[-1].kind == "scan.failed"
            errors.append(events[-1].data["error"])
        assert [camera["id"] for camera in (await web.get("/api/v1/cameras")).json()] == ["CAM01"]
    for camera_id, error in zip(MADE_UP, errors, strict=True):
        assert f"cannot reach camera {camera_id}: nothing answered as {camera_id.lower()}.invalid" in error
        assert "resolve" not in error and "Name or service" not in error


async def test_only_two_connects_to_ids_in_no_cameras_file_run_at_once(tmp_path: Path) -> None:
    open_now, most = 0, 0
    release = asyncio.Event()

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal open_now, most
        open_now += 1
        most = max(most, open_now)
        await release.wait()
        open_now -= 1
        writer.close()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    pool = make_camera_connections(Settings(data_dir=tmp_path, camera_connect_timeout_s=1),
                                   LocalFolderStore(tmp_path / "store"))
    targets = [CameraTarget(camera_id=f"MADEUP{n}", host="127.0.0.1", port=port, password=SecretStr("pw"),
                            by_name=True) for n in range(6)]
    attempts = asyncio.gather(*(pool.session(target) for target in targets), return_exceptions=True)
    await eventually(lambda: open_now == 2, 5, "the first two connects")
    release.set()
    outcomes = await attempts
    assert most == 2
    assert all(isinstance(outcome, CameraUnreachable) or "did not answer" in str(outcome) for outcome in outcomes)
    server.close()
    await pool.close()


@pytest.mark.parametrize("listed", [True, False])
async def test_a_listed_camera_still_says_why_it_cannot_be_reached(tmp_path: Path, listed: bool) -> None:
    pool = make_camera_connections(Settings(data_dir=tmp_path), LocalFolderStore(tmp_path / "store"))
    target = CameraTarget(camera_id="NONAME", host="noname.invalid", password=SecretStr("x"), by_name=not listed)
    with pytest.raises(CameraUnreachable) as failure:
        await pool.session(target)
    assert ("does not resolve" in str(failure.value)) is listed
