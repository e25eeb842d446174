"""Scans: start one (or join the one running) and read its status."""

from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, Depends, HTTPException

from libs.common.adapters.store.port import ObjectMissing, ObjectStore
from libs.common.contracts.api.scans import ClipProblem, ScanAccepted, ScanBody, ScanView
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import ScanRecord
from libs.common.documents.open_scans import active_scan
from libs.common.documents.scan_lifecycle import load_scan, queue_scan
from libs.common.documents.scan_progress import image_progress, scan_phase
from services.gateway.deps import CameraId, State, Store, camera_target_param
from services.gateway.scan_errors import scan_problems

router = APIRouter(tags=["scans"])
_SCAN_ID_RE = re.compile(r"^[0-9a-f]{32}$")


async def scan_view(store: ObjectStore, record: ScanRecord) -> ScanView:
    """The API shape of a scan, image counts and the phase derived from the scan's markers."""
    images = await image_progress(store, record.scan_id)
    return ScanView.model_validate({
        "scan_id": record.scan_id,
        "camera_id": record.camera_id,
        "status": record.status,
        "progress": {
            "clips_total": record.clips_total,
            "clips_done": record.clips_done,
            "clips_cached": record.clips_cached,
            "thumbnails_done": images.thumbnails_done,
            "previews_done": images.previews_done,
            "images_expected": images.expected,
            "errors": record.clip_errors + images.failed,
            "bytes_read": record.bytes_read,
            "image_bytes_read": record.image_bytes_read,
            "phase": scan_phase(record, images),
        },
        "error": record.error,
        "warnings": record.warnings,
        "dates": record.dates,
        "created": record.created.isoformat(),
        "started": record.started.isoformat() if record.started else None,
        "finished": record.finished.isoformat() if record.finished else None,
    })


@router.post("/cameras/{id}/scans", status_code=202, dependencies=[Depends(camera_target_param)])
async def start_scan(camera_id: CameraId, state: State, body: ScanBody | None = None) -> ScanAccepted:
    """Queue a scan of the camera's card; while one runs, answer with that one."""
    body = body or ScanBody()
    async with state.scan_locks[camera_id]:
        record = await active_scan(state.store, camera_id)
        if record is None:
            request = ScanRequested(scan_id=uuid.uuid4().hex, camera_id=camera_id, dates=body.dates,
                                    thumbnails=body.thumbnails, previews=body.previews)
            record = await queue_scan(state.store, state.broker, request)
    return ScanAccepted(scan_id=record.scan_id, status=record.status)


async def _known_scan(store: ObjectStore, scan_id: str) -> ScanRecord:
    """The stored scan, or 404 for a malformed or unknown id."""
    if not _SCAN_ID_RE.fullmatch(scan_id):
        raise HTTPException(404, "unknown scan id")
    try:
        return await load_scan(store, scan_id)
    except ObjectMissing as exc:
        raise HTTPException(404, f"unknown scan {scan_id}") from exc


@router.get("/scans/{scan_id}")
async def get_scan(scan_id: str, store: Store) -> ScanView:
    """A scan's status and progress."""
    return await scan_view(store, await _known_scan(store, scan_id))


@router.get("/scans/{scan_id}/errors")
async def get_scan_errors(scan_id: str, store: Store) -> list[ClipProblem]:
    """Per-clip problems: clips whose metadata could not be read, and image jobs dead-lettered with a reason."""
    return await scan_problems(store, await _known_scan(store, scan_id))
