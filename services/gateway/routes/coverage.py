"""Coverage of a recording day against the camera's weekly schedule, per half hour."""

from __future__ import annotations

from fastapi import APIRouter

from libs.common.contracts.api.coverage import Coverage
from libs.common.documents.schedule_lookup import schedule_zone, stored_schedule
from libs.common.domain.coverage import day_coverage
from services.gateway.deps import CameraId, DateParam, State
from services.gateway.routes.cameras import load_day

router = APIRouter(tags=["cameras"])


@router.get("/cameras/{id}/coverage")
async def coverage(camera_id: CameraId, date: DateParam, state: State) -> Coverage:
    """48 half hours of the UTC day: scheduled mode (camera local time), seconds recorded, gaps, unscheduled time."""
    day = await load_day(state.store, camera_id, date)
    return day_coverage(day, await stored_schedule(state.store, camera_id), schedule_zone(state.registry, camera_id))
