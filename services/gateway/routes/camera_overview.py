"""One camera at a glance, answered for any valid id: what the pages load first, so they never ask for what a
camera that was not scanned (or a day it did not record) does not have."""

from __future__ import annotations

from fastapi import APIRouter

from libs.common.adapters.store.port import ObjectMissing, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.cameras import CameraOverview
from libs.common.contracts.records import CameraRecord
from libs.common.documents.day_index import read_day_index
from services.gateway.deps import CameraId, State
from services.gateway.routes.cameras import storage_figures

router = APIRouter(tags=["cameras"])


@router.get("/cameras/{id}", response_model=CameraOverview)
async def camera_overview(camera_id: CameraId, state: State) -> CameraOverview:
    """200 for every valid id: storage and dates from the last scan, or null and [] when there is none yet."""
    target = state.registry.resolve(camera_id)
    try:
        record: CameraRecord | None = CameraRecord.model_validate(
            await get_json(state.store, keys.camera_doc(camera_id, "camera")))
    except ObjectMissing:
        record = None
    index = await read_day_index(state.store, camera_id)
    return CameraOverview(
        id=camera_id, host=target.host, model=target.model,
        configured=any(listed.camera_id == camera_id for listed in state.registry.listed()),
        last_scan_id=record.last_scan_id if record else None,
        last_scan_status=record.last_scan_status if record else None,
        last_scan_time=record.last_scan_time if record else None,
        storage=await storage_figures(state.store, camera_id), dates=list(index.values()),
    )
