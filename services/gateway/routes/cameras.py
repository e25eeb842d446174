"""Cameras: the list, and per camera its storage, recording days and recordings."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.cameras import CameraSummary, RecordingDay, Storage
from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.records import CameraRecord, DayRecord
from libs.common.documents.day_index import read_day_index
from libs.common.documents.schedule_lookup import stored_schedule
from libs.common.domain.retention import retention_estimate
from services.gateway.csv_export import clips_csv
from services.gateway.deps import CameraId, DateParam, HourParam, State, Store
from services.gateway.media_responses import CSV_ALTERNATIVE

router = APIRouter(tags=["cameras"])


async def _scanned_cameras(store: ObjectStore) -> tuple[dict[str, CameraRecord], set[str]]:
    """Cameras with a stored camera document, and the ids a scan reached (their storage or days are stored)."""
    stored = await store.list("cameras/")
    reached = {key.split("/")[1] for key in stored if key.endswith(("/storage.json", "/days.json"))}
    found = {}
    for key in stored:
        if key.endswith("/camera.json"):
            record = CameraRecord.model_validate(await get_json(store, key))
            found[record.id] = record
    return found, reached


@router.get("/cameras")
async def list_cameras(state: State) -> list[CameraSummary]:
    """The registry's cameras and those a scan reached before, with their last scan: an id in no cameras file whose
    scans never reached a camera is not listed."""
    scanned, reached = await _scanned_cameras(state.store)
    rows = {}
    for target in state.registry.listed():
        rows[target.camera_id] = CameraSummary(id=target.camera_id, host=target.host, model=target.model,
                                               configured=True)
    for camera_id, record in scanned.items():
        if camera_id not in rows and camera_id not in reached:
            continue
        row = rows.setdefault(camera_id, CameraSummary(id=camera_id, host=record.host, model=record.model,
                                                       configured=False))
        row.last_scan_id, row.last_scan_status = record.last_scan_id, record.last_scan_status
        row.last_scan_time = record.last_scan_time.isoformat() if record.last_scan_time else None
    return [rows[key] for key in sorted(rows)]


async def storage_figures(store: ObjectStore, camera_id: str) -> Storage | None:
    """Card capacity and recordings from the latest scan with the retention estimate (schedule and day index);
    None before any scan."""
    try:
        doc = await get_json(store, keys.camera_doc(camera_id, "storage"))
    except ObjectMissing:
        return None
    index, schedule = await read_day_index(store, camera_id), await stored_schedule(store, camera_id)
    return Storage(**doc, **retention_estimate(doc["total_bytes"], list(index.values()), schedule).model_dump())


@router.get("/cameras/{id}/storage")
async def storage(camera_id: CameraId, store: Store) -> Storage:
    """Card capacity and recordings from the latest scan, with the retention estimate (schedule and day index)."""
    figures = await storage_figures(store, camera_id)
    if figures is None:
        raise HTTPException(404, f"no storage figures for camera {camera_id}: scan it first")
    return figures


@router.get("/cameras/{id}/dates")
async def dates(camera_id: CameraId, store: Store) -> list[RecordingDay]:
    """Recording days with clip count, bytes and recorded seconds."""
    index = await read_day_index(store, camera_id)
    if not index:
        raise HTTPException(404, f"no recordings known for camera {camera_id}: scan it first")
    return list(index.values())


async def load_day(store: ObjectStore, camera_id: str, date: str) -> DayRecord:
    """A day's clip list, or 404."""
    try:
        return DayRecord.model_validate(await get_json(store, keys.day_doc(camera_id, date)))
    except ObjectMissing as exc:
        raise HTTPException(404, f"no recordings of camera {camera_id} on {date}") from exc


async def day_clips(store: ObjectStore, camera_id: str, date: str, hour: int | None) -> list[ClipView]:
    """The day's clips in the API shape, with image links where images exist."""
    day = await load_day(store, camera_id, date)
    thumbs_list, previews_list = await asyncio.gather(
        store.list(keys.image_prefix("thumbs", camera_id, date)),
        store.list(keys.image_prefix("previews", camera_id, date)),
    )
    thumbs, previews = keys.fingerprints_in(thumbs_list), keys.fingerprints_in(previews_list)
    rows = []
    for clip in day.clips:
        if hour is not None and clip.start.hour != hour:
            continue
        fingerprint = clip.clip_id.rsplit(".", 1)[-1]
        rows.append(ClipView.from_record(clip, fingerprint in thumbs, fingerprint in previews))
    return rows


@router.get("/cameras/{id}/recordings", response_model=list[ClipView], responses=CSV_ALTERNATIVE)
async def recordings(
    camera_id: CameraId, date: DateParam, hour: HourParam, store: Store, request: Request, format: str = "json"
) -> list[ClipView] | Response:
    """Clips of a day (optionally one hour); CSV with ?format=csv or Accept: text/csv."""
    if format not in ("json", "csv"):
        raise HTTPException(422, "format must be 'json' or 'csv'")
    rows = await day_clips(store, camera_id, date, hour)
    if format == "csv" or "text/csv" in request.headers.get("accept", ""):
        filename = f"{camera_id}-{date}{'' if hour is None else f'-{hour:02d}'}.csv"
        return Response(clips_csv(rows), media_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return rows
