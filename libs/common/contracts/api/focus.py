"""Focus: the day a person is looking at, put ahead of backfill."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from libs.common.domain.calendar_dates import checked_day


class FocusBody(BaseModel):
    """The UTC day folder on screen (the request body of focus)."""

    model_config = ConfigDict(extra="forbid")

    date: str

    @field_validator("date")
    @classmethod
    def _valid_date(cls, value: str) -> str:
        """A real YYYY-MM-DD date."""
        return checked_day(value)


class FocusAccepted(BaseModel):
    """The day the camera's running scan does next, its images first."""

    camera_id: str
    date: str = Field(description="YYYY-MM-DD (UTC day folder)")
