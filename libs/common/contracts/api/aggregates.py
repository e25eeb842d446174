"""Per-hour or per-half-hour figures of a recording day, as the old tool reported them."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AggregateBucket(BaseModel):
    """One hour or half hour of the UTC day: counts and averages over its clips, and the scheduled mode."""

    start: str = Field(description="HH:MM, UTC")
    end: str = Field(description="HH:MM, UTC; the day's last bucket ends at 24:00")
    clips: int = Field(description="Clips starting in the bucket")
    broken_clips: int = Field(description="Of those, clips without readable facts")
    avg_duration_s: float | None = Field(description="Mean clip duration; null without clips with facts")
    avg_kbps: float | None = Field(description="Mean video bitrate")
    avg_fps: float | None = Field(description="Mean frame rate")
    resolutions: list[str] = Field(description="Distinct WIDTHxHEIGHT, sorted")
    frame_mode: str | None = Field(description="'higher frame rate' above 25 fps, else 'higher image quality'")
    bytes: int = Field(description="Bytes of the bucket's clips")
    scheduled: str | None = Field(description="Scheduled mode(s), '/'-joined when the half hours differ")
