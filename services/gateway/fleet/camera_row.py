"""One camera's fleet row, read from its stored documents only (no camera is contacted)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date as date_type
from datetime import datetime, timedelta

from libs.common.adapters.store.port import ObjectMissing, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.cameras import RecordingDay
from libs.common.contracts.api.fleet import CameraState, DayMark, FleetRow
from libs.common.contracts.records import CameraRecord, DayRecord, ScanStatus, StorageRecord
from libs.common.documents.day_index import read_day_index
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.documents.scan_tally import ScanTally, load_tally
from libs.common.domain.recording_so_far import RecordingSoFar, naive_utc, recording_so_far
from libs.common.domain.retention import retention_estimate
from services.gateway.check_verdicts import day_verdicts
from services.gateway.fleet.today_checks import TodayChecks, today_checks
from services.gateway.schedule_lookup import schedule_zone, stored_schedule
from services.gateway.state import GatewayState

UNTRUSTED_KEY_WORDS = ("host key", "fingerprint")


@dataclass(frozen=True)
class CameraSnapshot:
    """A camera's row and its scan totals (the metrics need both)."""

    row: FleetRow
    tally: ScanTally


async def _optional(state: GatewayState, camera_id: str, name: str) -> object | None:
    """A per-camera JSON document, or None."""
    try:
        found: object = await get_json(state.store, keys.camera_doc(camera_id, name))
        return found
    except ObjectMissing:
        return None


async def _state(state: GatewayState, camera: CameraRecord | None) -> tuple[CameraState, str | None]:
    """Unreachable or untrusted_key when the last scan failed (its error says which), else idle."""
    if camera is None or camera.last_scan_status is not ScanStatus.FAILED or camera.last_scan_id is None:
        return "idle", None
    try:
        error = (await load_scan(state.store, camera.last_scan_id)).error or "the last scan failed"
    except (ObjectMissing, ValueError):
        error = "the last scan failed"
    untrusted = any(word in error.lower() for word in UNTRUSTED_KEY_WORDS)
    return ("untrusted_key" if untrusted else "unreachable"), error


async def _recording_today(state: GatewayState, camera_id: str, today: str, in_index: bool,
                           measured: datetime | None) -> RecordingSoFar | None:
    """Today's due, recorded and gap seconds up to the card's last listing; None unless the card was read today."""
    if measured is None or naive_utc(measured).date().isoformat() < today:
        return None
    if in_index:
        day = DayRecord.model_validate_json(await state.store.get(keys.day_doc(camera_id, today)))
    else:
        day = DayRecord(camera_id=camera_id, date=today, scan_id="", clips=[])
    schedule = await stored_schedule(state.store, camera_id)
    until = min(naive_utc(measured), datetime.fromisoformat(today) + timedelta(days=1))
    return recording_so_far(day, schedule, schedule_zone(state, camera_id), until)


async def _strip(state: GatewayState, camera_id: str, today: str, span_days: int,
                 index: dict[str, RecordingDay]) -> list[DayMark]:
    """The verdicts of the span's days, oldest first (null for a day the card holds no clip of); none for 0 days."""
    if span_days == 0:
        return []
    verdicts = {verdict.date: verdict.verdict for verdict in await day_verdicts(state, camera_id)} if index else {}
    last = date_type.fromisoformat(today)
    dates = [(last - timedelta(days=back)).isoformat() for back in range(span_days - 1, -1, -1)]
    return [DayMark(date=date, verdict=verdicts.get(date)) for date in dates]


async def camera_snapshot(state: GatewayState, camera_id: str, configured: bool, today: str, span_days: int,
                          now: datetime) -> CameraSnapshot:
    """The camera's row as of `now`, judging `today`, with a strip of span_days days."""
    camera_doc, storage_doc, tally, index = await asyncio.gather(
        _optional(state, camera_id, "camera"), _optional(state, camera_id, "storage"),
        load_tally(state.store, camera_id), read_day_index(state.store, camera_id))
    camera = CameraRecord.model_validate(camera_doc) if camera_doc is not None else None
    storage = StorageRecord.model_validate(storage_doc) if storage_doc is not None else None
    measured = storage.measured if storage is not None else None
    row_today = index.get(today)
    checks: TodayChecks | None = None
    if row_today is not None:
        checks = await today_checks(state, camera_id, row_today, measured.isoformat() if measured else None)
    (camera_state, detail), recording, strip = await asyncio.gather(
        _state(state, camera), _recording_today(state, camera_id, today, row_today is not None, measured),
        _strip(state, camera_id, today, span_days, index))
    retention = None
    if storage is not None:
        schedule = await stored_schedule(state.store, camera_id)
        retention = retention_estimate(storage.total_bytes, list(index.values()), schedule).retention_days
    last_time = camera.last_scan_time if camera else None
    row = FleetRow(
        camera_id=camera_id, model=camera.model if camera else state.registry.resolve(camera_id).model,
        configured=configured, state=camera_state, state_detail=detail,
        last_scan_id=camera.last_scan_id if camera else None,
        last_scan_status=camera.last_scan_status if camera else None, last_scan_time=last_time,
        last_scan_age_s=round((now - last_time).total_seconds(), 3) if last_time else None,
        last_success_time=tally.last_success,
        verdict_today=checks.verdict if checks else None, issues_today=checks.by_check if checks else {},
        issue_counts=checks.counts if checks else [],
        recorded_ratio_today=recording.ratio if recording else None,
        gap_s_today=recording.gap_s if recording else None,
        slo=None, clock_offset_s=None,
        free_bytes=storage.free_bytes if storage else None, retention_days=retention, days=strip)
    return CameraSnapshot(row, tally)
