"""Focus: the day a person is looking at, so a running scan does that day next and its images first."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, field_validator

from libs.common.contracts.api.focus import FocusAccepted
from libs.common.documents.focus import save_focus
from services.gateway.deps import CameraId, Store, check_date

router = APIRouter(tags=["focus"])


class FocusBody(BaseModel):
    """The UTC day folder on screen."""

    model_config = ConfigDict(extra="forbid")

    date: str

    @field_validator("date")
    @classmethod
    def _valid_date(cls, value: str) -> str:
        """A real YYYY-MM-DD date."""
        try:
            return check_date(value)
        except HTTPException as exc:
            raise ValueError(str(exc.detail)) from exc


@router.post("/cameras/{id}/focus", status_code=202)
async def focus(camera_id: CameraId, body: FocusBody, store: Store) -> FocusAccepted:
    """Put this day ahead of backfill: the collector scans it next and queues its image jobs at high priority."""
    await save_focus(store, camera_id, body.date)
    return FocusAccepted(camera_id=camera_id, date=body.date)
