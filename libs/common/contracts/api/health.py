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


class StoreStatus(BaseModel):
    """Whether the object store answers."""

    reachable: bool


class Health(BaseModel):
    """ok when the broker and the store answer (200), degraded otherwise (503)."""

    status: Literal["ok", "degraded"]
    broker: BrokerStatus
    queues: dict[str, QueueCounts] = Field(description="Per work queue; empty while the broker is down")
    store: StoreStatus
