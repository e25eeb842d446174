"""Health of the gateway's dependencies: the broker, its work queues, the object store."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class BrokerStatus(BaseModel):
    """The broker connection and this process's consumers."""

    connected: bool
    consumers: dict[str, int] = Field(description="Consumers per queue in this process")


class QueueCounts(BaseModel):
    """One work queue as the broker counts it across all processes."""

    messages: int = Field(description="Messages waiting")
    consumers: int = Field(description="Consumers attached")
    dead_letters: int = Field(description="Messages given up on")
    expected_consumers: int = Field(description="Consumers configured for it (SDB_EXPECTED_*)")


class StoreStatus(BaseModel):
    """Whether the object store answers, and its disk's free space where it can tell (the embedded folder store)."""

    reachable: bool
    free_bytes: int | None = Field(None, description="Bytes free on the store's disk; null for S3")
    full: bool = Field(False, description="Too little space left for images; scans fail with 'storage full'")


class Health(BaseModel):
    """ok, or degraded with the problems: 503 when the broker or the store does not answer, 200 when only a queue
    has fewer consumers than configured or the store's disk is full."""

    status: Literal["ok", "degraded"]
    problems: list[str] = Field(description="Why the status is degraded, one sentence each; [] when ok")
    broker: BrokerStatus
    queues: dict[str, QueueCounts] = Field(description="Per work queue; empty while the broker is down")
    store: StoreStatus
