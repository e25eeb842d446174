"""A camera that records while the tests scan it: a card folder a CardRecorder writes, served by the simulator or
OpenSSH, scanned by the collector and judged by the checks as the gateway judges them."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from libs.camera_simulator.card_builder import default_config_path
from libs.camera_simulator.card_recorder import CardRecorder
from libs.camera_simulator.schedule_ini import CONTINUOUS, WEEKDAYS, hour_character, write_config_ini
from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.camera_simulator.simulated_clock import SimulatedClock
from libs.camera_simulator.system_files import default_system_path, write_system_files
from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.store.port import get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.checks import CheckQuery, ChecksAnswer
from libs.common.contracts.records import DayRecord
from libs.common.contracts.settings import Settings
from libs.common.documents.check_run import load_check_run
from libs.common.domain.checks.runner import run_checks
from services.gateway.state import GatewayState
from tests.camera.collector_scan import CollectorScans
from tests.camera.conftest import SIM_PASSWORD, SIM_USER, ServedCamera
from tools.local_servers.polling import eventually

CLIP_S = 4.0
ALWAYS_CONTINUOUS = {day: hour_character(CONTINUOUS, CONTINUOUS) * 24 for day in WEEKDAYS}


def live_card(folder: Path) -> Path:
    """An empty card recording continuously all week, with its config ini and the simulator's system files."""
    card = folder / "sdcard"
    card.mkdir(parents=True)
    write_config_ini(default_config_path(card), schedule=ALWAYS_CONTINUOUS)
    write_system_files(default_system_path(card))
    return card


@asynccontextmanager
async def simulated(card: Path, *, sftp: bool, clock: SimulatedClock) -> AsyncIterator[RunningSimulator]:
    """The simulator serving the live card on the camera clock `clock`."""
    async with await start_simulator(card, user=SIM_USER, password=SIM_PASSWORD, sftp=sftp, clock=clock) as simulator:
        yield simulator


def over_card(sshd: ServedCamera, card: Path) -> CameraTarget:
    """An OpenSSH camera target whose card root is the live card."""
    return dataclasses.replace(sshd.target, sd_root=str(card), config_ini=str(default_config_path(card)))


class RecordingJudge:
    """Scans one camera into one store and judges its day as GET /checks does."""

    def __init__(self, pool: CameraConnections, target: CameraTarget, folder: Path) -> None:
        """Scan `target` through `pool`, storing under folder."""
        self.target = target
        self.scans = CollectorScans(pool, target, folder)
        settings = Settings(data_dir=folder, demo_camera=False)
        self.state = GatewayState(settings, InMemoryBroker(), self.scans.store,
                                  CameraRegistry(settings, [target]), pool)

    async def scan(self, day: str) -> DayRecord:
        """One scan without images; the day's stored list."""
        record = (await self.scans.scan(thumbnails=False)).record
        assert record.status == "completed", record.error
        return DayRecord.model_validate(await get_json(self.scans.store, keys.day_doc(self.target.camera_id, day)))

    async def judge(self, day: str, **query: float) -> ChecksAnswer:
        """The checks answer for `day`."""
        run = await load_check_run(self.state, self.target.camera_id, (day, day), CheckQuery(**query))
        return run_checks(self.target.camera_id, day, day, run.days, run.setup)


def camera_day(clock: SimulatedClock | None = None) -> str:
    """Today on the camera's clock (the recorder names clips by it)."""
    now = clock.now() if clock is not None else datetime.now(UTC).timestamp()
    return datetime.fromtimestamp(now, UTC).date().isoformat()


async def at_phase(recorder: CardRecorder, clock: SimulatedClock, low: float, high: float) -> None:
    """Wait until the clip being written is between `low` and `high` of its length."""
    def inside() -> bool:
        current = recorder.current_start
        return current is not None and low <= (clock.now() - current) / recorder.clip_s <= high
    await eventually(inside, timeout_s=3 * recorder.clip_s,
                     what=f"the clip being written {low:.0%}..{high:.0%} through")


def problems(answer: ChecksAnswer) -> list[tuple[str, str, str]]:
    """Each issue as (check, severity, detail), for readable failures."""
    return [(found.check, found.severity, found.detail) for found in answer.issues]
