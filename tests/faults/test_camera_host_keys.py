"""Camera host keys end to end: a scan of an unknown or changed key fails naming the key and the command that
trusts it, the camera got no login attempt, and after the trust action (API) the real camera scans."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx

from tests.e2e.sse_client import SseEvent, read_events
from tests.embedded_system import EmbeddedFactory
from tests.fake_ssh_server import fake_camera
from tests.sample_card import camera_target, camera_with_key
from tools.local_servers.asgi_server import served_client
from tools.local_servers.ports import free_port


async def scan_events(web: httpx.AsyncClient, camera_id: str) -> list[SseEvent]:
    """Scan the camera (facts only); the scan's events, the last one terminal."""
    answer = await web.post(f"/api/v1/cameras/{camera_id}/scans", json={"thumbnails": False, "previews": False})
    assert answer.status_code == 202, answer.text
    return await read_events(web, f"/api/v1/scans/{answer.json()['scan_id']}/events", timeout_s=60)


async def test_an_id_answered_by_an_unknown_server_fails_and_the_server_gets_no_password(
    make_embedded: EmbeddedFactory
) -> None:
    # any id not in the cameras file resolves by name: here `localhost`, answered by the fake camera
    async with fake_camera() as fake, \
            make_embedded([], camera_host_template="{id}", camera_port=fake.port,
                          camera_password="fleet-secret-pw") as system, served_client(system.web_app) as web:
        failed = (await scan_events(web, "localhost"))[-1]
    assert failed.kind == "scan.failed"
    assert fake.fingerprint in failed.data["error"]
    assert f"sdb camera trust-key LOCALHOST --fingerprint {fake.fingerprint}" in failed.data["error"]
    assert fake.captured.connections >= 1 and fake.captured.attempts == []


async def test_after_the_trust_action_the_real_camera_scans_and_a_changed_key_needs_it_again(
    make_embedded: EmbeddedFactory, small_card: Path, tmp_path: Path
) -> None:
    port = free_port()
    unpinned = replace(camera_target(port), host_key_fingerprint=None)
    async with make_embedded([unpinned], preview_frames=2) as system, served_client(system.web_app) as web:
        async with camera_with_key(small_card, port, tmp_path / "original_key"):
            first = (await scan_events(web, "cam01"))[-1]
            assert first.kind == "scan.failed" and "nobody trusted yet" in first.data["error"]
            status = (await web.get("/api/v1/cameras/cam01/host-key")).json()
            assert status["trusted"] is False and status["source"] is None
            fingerprint = status["presented"]["fingerprint"]
            assert status["presented"]["algorithm"] == "ssh-ed25519" and fingerprint in first.data["error"]
            assert (await web.post("/api/v1/cameras/cam01/host-key/trust", json={"fingerprint": "SHA256:x"})
                    ).status_code == 422
            trusted = await web.post("/api/v1/cameras/cam01/host-key/trust", json={"fingerprint": fingerprint})
            assert trusted.status_code == 200, trusted.text
            assert trusted.json() == {**status, "trusted": True, "source": "operator"}
            assert (await scan_events(web, "cam01"))[-1].kind == "scan.completed"

        async with camera_with_key(small_card, port, tmp_path / "replacement_key"):
            changed = (await scan_events(web, "cam01"))[-1]
            assert changed.kind == "scan.failed" and "host key of camera CAM01" in changed.data["error"]
            assert fingerprint in changed.data["error"]  # the key it was expected to present
            refused = await web.post("/api/v1/cameras/cam01/host-key/trust", json={"fingerprint": fingerprint})
            assert refused.status_code == 409 and "nothing was trusted" in refused.json()["detail"]
            new = (await web.get("/api/v1/cameras/cam01/host-key")).json()["presented"]["fingerprint"]
            for answer in (first.data["error"], changed.data["error"], refused.text):
                assert str(tmp_path) not in answer and "known_hosts" not in answer  # no server paths in answers
            again = await web.post("/api/v1/cameras/cam01/host-key/trust", json={"fingerprint": new})
            assert again.status_code == 200
            assert (await scan_events(web, "cam01"))[-1].kind == "scan.completed"
    assert not list((tmp_path / "data").glob("known_hosts"))  # nothing learned behind the operator's back
