"""A watch of a camera that does not answer records an unreachable incident, backs off and goes on; once the
camera answers again the incident gets its end and the ticks come at the watch's interval again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from libs.camera_simulator.server import start_simulator
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import PASSWORD, USER, camera_target
from tests.watch.conftest import FAST_WATCH
from tools.local_servers.asgi_server import served_client
from tools.local_servers.polling import eventually
from tools.local_servers.ports import free_port


async def test_an_unreachable_camera_is_an_incident_with_a_start_and_an_end_and_the_watch_goes_on(
        make_embedded: EmbeddedFactory, small_card: Path) -> None:
    port = free_port()
    async with make_embedded([camera_target(port)], **FAST_WATCH) as system, \
            served_client(system.web_app) as api:
        watch_id = (await api.post("/api/v1/cameras/CAM01/watch", json={"every_s": 1})).json()["watch_id"]

        async def watch() -> dict[str, Any]:
            body: dict[str, Any] = (await api.get(f"/api/v1/watches/{watch_id}")).json()
            return body

        async def failed_twice() -> bool:
            return (await watch())["ticks"] >= 2

        await eventually(failed_twice, 60, "two ticks while the camera is down")
        down = await watch()
        [incident] = down["unreachable"]
        assert incident["end"] is None and "CAM01" in incident["error"]
        assert down["status"] == "active"
        gap_s = (_at(down["next_tick"]) - _at(down["last_tick"]))
        assert gap_s >= 2, f"no backoff: next tick {gap_s} s after the last"

        async with await start_simulator(small_card, port=port, user=USER, password=PASSWORD):
            async def closed() -> bool:
                return (await watch())["unreachable"][0]["end"] is not None

            await eventually(closed, 60, "the incident to end once the camera answers")
        up = await watch()
        [incident] = up["unreachable"]
        assert _at(incident["start"]) < _at(incident["end"])
        report = (await api.get(f"/api/v1/watches/{watch_id}/report")).json()
        assert report["unreachable"] == [{"start": incident["start"], "end": incident["end"]}]
        assert report["verdict"] == "warn"


def _at(text: str) -> float:
    """An ISO time as a POSIX timestamp."""
    return datetime.fromisoformat(text).timestamp()
