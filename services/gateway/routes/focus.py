"""Focus: the day a person is looking at, so a running scan does that day next and its images first."""

from __future__ import annotations

from fastapi import APIRouter

from libs.common.contracts.api.focus import FocusAccepted, FocusBody
from libs.common.documents.focus import save_focus
from services.gateway.deps import CameraId, Store

router = APIRouter(tags=["focus"])


@router.post("/cameras/{id}/focus", status_code=202)
async def focus(camera_id: CameraId, body: FocusBody, store: Store) -> FocusAccepted:
    """Put this day ahead of backfill: the collector scans it next and queues its image jobs at high priority."""
    await save_focus(store, camera_id, body.date)
    return FocusAccepted(camera_id=camera_id, date=body.date)
