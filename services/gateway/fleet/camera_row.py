"""One camera's fleet row, read from its stored documents only (no camera is contacted)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from libs.common.adapters.store.port import ObjectMissing, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.fleet import CameraState, FleetRow
from libs.common.contracts.records import CameraRecord, ScanStatus, StorageRecord
from libs.common.contracts.watches import WatchRecord
from libs.common.documents.day_index import read_day_index
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.documents.scan_tally import ScanTally, load_tally
from libs.common.documents.watch_lifecycle import watch_view
from services.gateway.fleet.camera_figures import camera_figures
from services.gateway.fleet.watch_figures import watch_figures
from services.gateway.state import GatewayState

UNTRUSTED_KEY_WORDS = ("host key", "fingerprint")


@dataclass(frozen=True)
class CameraSnapshot:
    """A camera's row, its scan totals and its latest watch's status (the metrics need all three)."""

    row: FleetRow
    tally: ScanTally
    watch_status: str | None


async def _optional(state: GatewayState, camera_id: str, name: str) -> object | None:
    """A per-camera JSON document, or None."""
    try:
        found: object = await get_json(state.store, keys.camera_doc(camera_id, name))
        return found
    except ObjectMissing:
        return None


async def _state(state: GatewayState, camera: CameraRecord | None,
                 watching: bool) -> tuple[CameraState, str | None]:
    """Unreachable or untrusted_key when the last scan failed (its error says which), else watching or idle."""
    if camera is None or camera.last_scan_status is not ScanStatus.FAILED or camera.last_scan_id is None:
        return ("watching" if watching else "idle"), None
    try:
        error = (await load_scan(state.store, camera.last_scan_id)).error or "the last scan failed"
    except (ObjectMissing, ValueError):
        error = "the last scan failed"
    untrusted = any(word in error.lower() for word in UNTRUSTED_KEY_WORDS)
    return ("untrusted_key" if untrusted else "unreachable"), error


async def camera_snapshot(state: GatewayState, camera_id: str, configured: bool, watch: WatchRecord | None,
                          today: str, span_days: int, now: datetime) -> CameraSnapshot:
    """The camera's row as of `now`, judging `today`, with a strip of span_days days; with its latest watch, the
    window's SLO and the issues its latest tick saw."""
    camera_doc, storage_doc, tally, index = await asyncio.gather(
        _optional(state, camera_id, "camera"), _optional(state, camera_id, "storage"),
        load_tally(state.store, camera_id), read_day_index(state.store, camera_id))
    camera = CameraRecord.model_validate(camera_doc) if camera_doc is not None else None
    storage = StorageRecord.model_validate(storage_doc) if storage_doc is not None else None
    watch_status = watch_view(watch, now).status if watch is not None else None
    (camera_state, detail), figures = await asyncio.gather(
        _state(state, camera, watch_status == "active"), camera_figures(state, camera_id, today, span_days, index,
                                                                        storage))
    watched = await watch_figures(state, watch, index, storage) if watch is not None and watch_status == "active" \
        else None
    checks, recording = figures.checks, figures.recording
    by_check, counts = (watched.by_check, watched.counts) if watched else (
        (checks.by_check, checks.counts) if checks else ({}, []))
    last_time = camera.last_scan_time if camera else None
    row = FleetRow(
        camera_id=camera_id, model=camera.model if camera else state.registry.resolve(camera_id).model,
        configured=configured, state=camera_state, state_detail=detail,
        last_scan_id=camera.last_scan_id if camera else None,
        last_scan_status=camera.last_scan_status if camera else None, last_scan_time=last_time,
        last_scan_age_s=round((now - last_time).total_seconds(), 3) if last_time else None,
        last_success_time=tally.last_success,
        verdict_today=checks.verdict if checks else None, open_issues=by_check, issue_counts=counts,
        recorded_ratio_today=recording.ratio if recording else None,
        gap_s_today=recording.gap_s if recording else None,
        slo=watched.slo if watched else None, clock_offset_s=figures.clock.offset_s if figures.clock else None,
        uptime_s=figures.clock.uptime_s if figures.clock else None,
        free_bytes=storage.free_bytes if storage else None, retention_days=figures.retention_days,
        days=figures.strip)
    return CameraSnapshot(row, tally, watch_status)
