"""Focus: the day a person is looking at, put ahead of backfill."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FocusAccepted(BaseModel):
    """The day the camera's running scan does next, its images first."""

    camera_id: str
    date: str = Field(description="YYYY-MM-DD (UTC day folder)")
