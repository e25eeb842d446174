"""A watch of one camera: its stored record, its tick message, and the API's body and answer (API.md)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from libs.common.contracts.envelope import Payload

WATCH_TICK_QUEUE = "sdb.watch.ticks"
MIN_EVERY_S = 30.0  # the API's floor; only the test-only setting SDB_WATCH_MIN_EVERY_S goes lower
MAX_EVERY_S = 7 * 86400.0
WatchStatus = Literal["active", "ended", "stopped"]


class Incident(BaseModel):
    """A stretch of time the camera could not be scanned: from the first failed tick to the next good one."""

    start: datetime
    end: datetime | None = None
    error: str = ""


class CardSample(BaseModel):
    """The card's free space and estimated retention as one tick saw them."""

    time: datetime
    free_bytes: int | None = None
    retention_days: float | None = None


class WatchRecord(BaseModel):
    """The stored watch (`watches/{watch_id}.json`); documents/watch_lifecycle.py alone writes it.

    `ticks` counts the ticks done; a tick message carries the number it will be (`seq`), so a copy of a tick
    already done is recognised. `claim` names the message (seq and envelope id) of the tick running now.
    """

    watch_id: str
    camera_id: str
    every_s: float
    until: datetime | None = None
    status: WatchStatus = "active"
    started: datetime
    ended: datetime | None = None
    ticks: int = 0
    last_tick: datetime | None = None
    next_tick: datetime | None = None
    last_scan_id: str | None = None
    recording_slo: float | None = None
    failed_in_a_row: int = 0
    claim: tuple[int, str] | None = None
    unreachable: list[Incident] = Field(default_factory=list)
    card_first: CardSample | None = None
    card_last: CardSample | None = None
    webhook_urls: list[str] = Field(default_factory=list)


class WatchTick(Payload):
    """Time for tick number `seq` of a watch; scheduled through the broker's delay queues."""

    TYPE: ClassVar[str] = "watch.tick"
    watch_id: str
    seq: int


class WatchBody(BaseModel):
    """POST /cameras/{id}/watch: how often to tick and until when (null: until stopped), extra webhooks."""

    every_s: float = Field(300.0, gt=0, le=MAX_EVERY_S, allow_inf_nan=False,
                           description=f"seconds between ticks, at least {MIN_EVERY_S:g}")
    until: datetime | None = Field(None, description="ISO time in the future (with a zone), or null for no end")
    webhook_urls: list[str] = Field(default_factory=list, max_length=10,
                                    description="http(s) URLs told of each new issue, besides SDB_WEBHOOK_URLS")


class WatchView(BaseModel):
    """A watch as the API answers it."""

    watch_id: str
    camera_id: str
    every_s: float
    until: datetime | None
    status: WatchStatus
    started: datetime
    ended: datetime | None
    ticks: int
    last_tick: datetime | None
    next_tick: datetime | None
    recording_slo: float | None = Field(description="recorded ÷ scheduled seconds so far, as the last tick judged")
    unreachable: list[Incident]
