"""Whether a camera's SSH port accepts a TCP connection, and how fast."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Reachability(BaseModel):
    """The outcome of opening (and closing) one TCP connection; no login, no camera data read."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: str = Field(description="Canonical camera id")
    reachable: bool
    latency_ms: float | None = Field(None, description="Connect time; null when not reachable")
    reason: str | None = Field(None, description="Why not reachable; null when reachable")
