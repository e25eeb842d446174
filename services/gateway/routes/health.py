"""Health: broker connection, work queues against their expected consumers, store reachability."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from libs.common.adapters.broker.port import BrokerUnavailable
from libs.common.adapters.store.port import StoreUnavailable
from libs.common.contracts.api.health import Health
from libs.common.contracts.messages import SCAN_QUEUE, THUMBNAIL_QUEUE
from libs.common.contracts.render_messages import RENDER_QUEUE
from libs.common.contracts.settings import Settings
from services.gateway.deps import State

router = APIRouter(tags=["health"])
ROOM_FOR_IMAGES = 1024**2  # with less free than this, keyframe packs and previews no longer fit: the store is full


def expected_consumers(settings: Settings) -> dict[str, tuple[int, str]]:
    """Per work queue: how many consumers should be on it, and the setting that says so."""
    return {
        SCAN_QUEUE: (settings.expected_collectors, "SDB_EXPECTED_COLLECTORS"),
        THUMBNAIL_QUEUE: (settings.expected_thumbnailers, "SDB_EXPECTED_THUMBNAILERS"),
        RENDER_QUEUE: (settings.expected_renderers, "SDB_EXPECTED_RENDERERS"),
    }


@router.get("/health", response_model=Health,
            responses={503: {"model": Health, "description": "Broker or store down"}})
async def health(state: State) -> Health | JSONResponse:
    """503 when the broker or the store does not answer; `degraded` (still 200, this gateway can serve) when a
    work queue has fewer consumers than configured or the store's disk is full. `problems` says why, one sentence
    each."""
    try:
        broker = await state.broker.health()
    except BrokerUnavailable:
        broker = None
    connected = bool(broker and broker.connected)
    queues = await _queue_counts(state) if connected else {}
    try:
        store_ok = await state.store.health()
        free = await state.store.free_bytes()
    except StoreUnavailable:
        store_ok, free = False, None
    reserve = state.settings.store_reserve_bytes
    full = free is not None and free < ROOM_FOR_IMAGES
    problems = [] if connected else ["the message broker is not connected"]
    problems += [] if store_ok else ["the object store does not answer"]
    problems += [f"the object store's disk is full: {free} bytes free, {reserve} kept for scan records "
                 "(SDB_STORE_RESERVE_BYTES); scans fail with 'storage full' until space is freed"] if full else []
    problems += [f"{queue} has {counts['consumers']} consumer(s), {counts['expected_consumers']} expected ({name})"
                 for queue, (_, name) in expected_consumers(state.settings).items()
                 if (counts := queues.get(queue)) and counts["consumers"] < counts["expected_consumers"]]
    body = Health.model_validate({
        "status": "degraded" if problems else "ok",
        "problems": problems,
        "broker": {"connected": connected, "consumers": broker.consumers if broker else {}},
        "queues": queues,
        "store": {"reachable": store_ok, "free_bytes": free, "full": full},
    })
    return body if connected and store_ok else JSONResponse(body.model_dump(mode="json"), status_code=503)


async def _queue_counts(state: State) -> dict[str, dict[str, int]]:
    """Per work queue, what the broker counts across all processes (waiting, consumers, dead letters), and the
    consumers expected."""
    counts = {}
    for queue, (expected, _) in expected_consumers(state.settings).items():
        try:
            stats = await state.broker.queue_stats(queue)
        except BrokerUnavailable:
            return {}
        counts[queue] = {"messages": stats.messages, "consumers": stats.consumers, "dead_letters": stats.dead_letters,
                         "expected_consumers": expected}
    return counts
