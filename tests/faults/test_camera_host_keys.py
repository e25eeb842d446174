"""Camera host keys: remembered on first use, a changed key fails the scan with a clear reason, an option accepts it."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.sse_client import SseEvent, read_events
from tests.embedded_system import running_system
from tests.sample_card import camera_target, camera_with_key
from tools.local_servers.asgi_server import served_client
from tools.local_servers.ports import free_port


async def scan_events(data_dir: Path, port: int, accept_new_keys: bool = False) -> list[SseEvent]:
    """Scan CAM01 on port with a fresh embedded system over data_dir; the scan's events, last one terminal."""
    async with running_system(data_dir, [camera_target(port)], preview_frames=2,
                              camera_accept_new_host_keys=accept_new_keys) as system, \
            served_client(system.web_app) as web:
        scan_id = (await web.post("/api/v1/cameras/cam01/scans", json={"thumbnails": False,
                                                                       "previews": False})).json()["scan_id"]
        return await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=60)


async def test_a_camera_whose_host_key_changed_is_refused_until_accepted(small_card: Path, tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", free_port()
    known_hosts = data_dir / "known_hosts"

    async with camera_with_key(small_card, port, tmp_path / "original_key"):
        assert (await scan_events(data_dir, port))[-1].kind == "scan.completed"
    remembered = known_hosts.read_text()
    assert remembered.startswith(f"[127.0.0.1]:{port} ssh-ed25519 ")

    async with camera_with_key(small_card, port, tmp_path / "replacement_key"):
        refused = (await scan_events(data_dir, port))[-1]
        assert refused.kind == "scan.failed"
        assert "host key of camera CAM01" in refused.data["error"]
        assert "SDB_CAMERA_ACCEPT_NEW_HOST_KEYS" in refused.data["error"]
        assert known_hosts.read_text() == remembered

        assert (await scan_events(data_dir, port, accept_new_keys=True))[-1].kind == "scan.completed"
        assert (await scan_events(data_dir, port))[-1].kind == "scan.completed"
    assert known_hosts.read_text() != remembered
    assert len(known_hosts.read_text().splitlines()) == 1
