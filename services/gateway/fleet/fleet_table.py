"""Every configured, scanned or watched camera's snapshot, built concurrently from the store, worst first."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from libs.common.contracts.api.fleet import FleetRow
from libs.common.contracts.watches import WatchRecord
from libs.common.documents.watch_lifecycle import list_watches
from services.gateway.fleet.camera_row import CameraSnapshot, camera_snapshot
from services.gateway.state import GatewayState

SNAPSHOTS_IN_FLIGHT = 16
STRIP_DAYS = 7  # the page's verdict strip; /metrics asks for the same, so both share the kept figures
STATE_RANK = {"untrusted_key": 4, "unreachable": 4, "watching": 0, "idle": 0}
VERDICT_RANK = {"fail": 3, "warn": 2, "pass": 1, None: 0}


def worst_first(row: FleetRow) -> tuple[int, int, int, str]:
    """Sort key: a camera we cannot read, then today's fail, warn, pass, none; more issues first; then the id."""
    return (-STATE_RANK[row.state], -VERDICT_RANK[row.verdict_today], -sum(row.open_issues.values()), row.camera_id)


@dataclass(frozen=True)
class FleetCamera:
    """A camera of the fleet: whether the registry names it, and its latest watch (active or over), if any."""

    configured: bool
    watch: WatchRecord | None


async def fleet_cameras(state: GatewayState) -> dict[str, FleetCamera]:
    """Camera ids of the registry, of stored camera documents and of watches."""
    latest: dict[str, WatchRecord] = {}
    for record in await list_watches(state.store):  # newest first
        latest.setdefault(record.camera_id, record)
    ids = {target.camera_id: True for target in state.registry.listed()}
    for key in await state.store.list("cameras/"):
        parts = key.split("/")
        if len(parts) == 3 and parts[2] == "camera.json":
            ids.setdefault(parts[1], False)
    for camera_id in latest:
        ids.setdefault(camera_id, False)
    return {camera_id: FleetCamera(configured, latest.get(camera_id)) for camera_id, configured in ids.items()}


async def fleet_snapshots(state: GatewayState, today: str, span_days: int, now: datetime,
                          only: set[str] | None = None) -> list[CameraSnapshot]:
    """The snapshots of every camera (or those in `only`) as of `now`, worst first."""
    gate = asyncio.Semaphore(SNAPSHOTS_IN_FLIGHT)
    cameras = await fleet_cameras(state)

    async def one(camera_id: str, camera: FleetCamera) -> CameraSnapshot:
        async with gate:
            return await camera_snapshot(state, camera_id, camera.configured, camera.watch, today, span_days, now)

    snapshots = await asyncio.gather(*(one(camera_id, camera) for camera_id, camera in cameras.items()
                                       if only is None or camera_id in only))
    return sorted(snapshots, key=lambda snapshot: worst_first(snapshot.row))
