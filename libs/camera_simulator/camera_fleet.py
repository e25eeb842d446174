"""Many simulated cameras in one process: each its own card (recorded onto as time goes by, clip after clip), SSH
server and port, and the connections the fleet saw, counted on the cameras' side (for the many-cameras bench)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asyncssh import SSHServerConnection
from pydantic import SecretStr

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI, DEFAULT_SD_ROOT
from libs.camera_simulator.card_builder import default_config_path
from libs.camera_simulator.card_recorder import CardRecorder, recording_template
from libs.camera_simulator.schedule_ini import CONTINUOUS, WEEKDAYS, hour_character, write_config_ini
from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.camera_simulator.system_files import default_system_path, write_system_files
from libs.common.adapters.camera.target import CameraTarget

FLEET_USER, FLEET_PASSWORD = "fleet", "fleet-camera-pw"  # simulated cameras, on loopback only
RECORD_EVERY_S = 1.0  # the recorders grow their clips once a second: fifty cameras cost next to nothing


@dataclass
class FleetCamera:
    """One camera of the fleet: its id, the simulator serving its card and the recorder writing onto it."""

    camera_id: str
    simulator: RunningSimulator
    recorder: CardRecorder


def fleet_targets(described: dict[str, Any]) -> list[CameraTarget]:
    """The cameras of CameraFleet.describe() as the product reaches them, each with its host key pinned."""
    return [CameraTarget(camera_id=camera["camera_id"], host=described["host"], port=camera["port"],
                         user=described["user"], password=SecretStr(described["password"]),
                         sd_root=described["sd_root"], config_ini=described["config_ini"],
                         host_key_fingerprint=camera["host_key_fingerprint"]) for camera in described["cameras"]]


def continuous_card(folder: Path) -> Path:
    """An empty card at folder/sdcard that records all week, with its config ini and system files beside it."""
    card = folder / "sdcard"
    card.mkdir(parents=True, exist_ok=True)
    write_config_ini(default_config_path(card),
                     schedule={day: hour_character(CONTINUOUS, CONTINUOUS) * 24 for day in WEEKDAYS})
    write_system_files(default_system_path(card))
    return card


class CameraFleet:
    """Serves and records the cameras until close(); describe() says how to reach them, counts() what they saw."""

    def __init__(self, cameras: list[FleetCamera]) -> None:
        """Take the running cameras; their recorders start with record()."""
        self.cameras = cameras
        self._recording: asyncio.Task[None] | None = None
        self._open_most = dict.fromkeys((camera.camera_id for camera in cameras), 0)

    def record(self) -> None:
        """Grow and close every camera's clips in the background, on each camera's clock."""
        self._recording = asyncio.create_task(self._record())

    async def _record(self) -> None:
        """One recorder step per camera every RECORD_EVERY_S, noting the most connections each camera had open."""
        while True:
            for camera in self.cameras:
                camera.recorder.tick()
                most = self._open_most[camera.camera_id]
                self._open_most[camera.camera_id] = max(most, camera.simulator.open_connections)
            await asyncio.sleep(RECORD_EVERY_S)

    def describe(self) -> dict[str, Any]:
        """How to reach each camera (JSON-ready): id, port and pinned host key; the login and card paths they share."""
        return {"host": self.cameras[0].simulator.host, "user": FLEET_USER, "password": FLEET_PASSWORD,
                "sd_root": DEFAULT_SD_ROOT, "config_ini": DEFAULT_CONFIG_INI,
                "cameras": [{"camera_id": camera.camera_id, "port": camera.simulator.port,
                             "host_key_fingerprint": camera.simulator.host_key.get_fingerprint("sha256")}
                            for camera in self.cameras]}

    def counts(self) -> dict[str, Any]:
        """What the cameras saw (JSON-ready): the most connections in their handshake at once over the whole fleet;
        per camera, connections accepted, open now and the most open at once (as sampled each recorder step:
        connections held, not a reconnect's moment of overlap), clips closed."""
        return {"handshakes_most": max(camera.simulator.handshakes_peak for camera in self.cameras),
                "cameras": {camera.camera_id: {
                    "accepted": camera.simulator.connections_accepted,
                    "open": camera.simulator.open_connections,
                    "open_most": max(self._open_most[camera.camera_id], camera.simulator.open_connections),
                    "clips_closed": len(camera.recorder.closed)} for camera in self.cameras}}

    async def close(self) -> None:
        """Stop recording and serving."""
        if self._recording is not None:
            self._recording.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._recording
        await asyncio.gather(*(camera.simulator.close() for camera in self.cameras))


def lay_out_cards(folder: Path, cameras: int, clip_s: float, id_prefix: str) -> tuple[Path, list[tuple[str, Path]]]:
    """The recording template of clip_s seconds (made once) and an empty card per camera id, in folder/<id>/."""
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / f"template-{clip_s:g}s.mp4"
    if not template.is_file():
        recording_template(template, clip_s)
    ids = [f"{id_prefix}{number:03d}" for number in range(1, cameras + 1)]
    return template, [(camera_id, continuous_card(folder / camera_id)) for camera_id in ids]


async def start_fleet(folder: Path, cameras: int, clip_s: float, backfill_clips: int = 0,
                      id_prefix: str = "CAM") -> CameraFleet:
    """`cameras` simulators on free ports over cards in folder/<id>/, each with `backfill_clips` closed clips of
    clip_s seconds (one small shared template) and recording more once record() is called."""
    template, cards = lay_out_cards(folder, cameras, clip_s, id_prefix)
    fleet: list[FleetCamera] = []
    handshaking: set[SSHServerConnection] = set()  # one count of handshakes for the whole fleet
    try:
        for camera_id, card in cards:
            simulator = await start_simulator(card, user=FLEET_USER, password=FLEET_PASSWORD, handshaking=handshaking)
            recorder = CardRecorder(card, template, clip_s, now=simulator.clock.now)
            recorder.backfill(backfill_clips)
            fleet.append(FleetCamera(camera_id, simulator, recorder))
    except BaseException:
        await CameraFleet(fleet).close()
        raise
    return CameraFleet(fleet)
