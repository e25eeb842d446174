"""Health: broker connection and consumers, store reachability."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from libs.common.adapters.broker.port import BrokerUnavailable
from libs.common.adapters.store.port import StoreUnavailable
from libs.common.contracts.api.health import Health
from libs.common.contracts.messages import SCAN_QUEUE, THUMBNAIL_QUEUE
from services.gateway.deps import State

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health, "description": "Broker or store down"}})
async def health(state: State) -> Health | JSONResponse:
    """200 when broker and store answer, 503 otherwise; consumer counts for operators."""
    try:
        broker = await state.broker.health()
    except BrokerUnavailable:
        broker = None
    queues = await _queue_counts(state) if broker and broker.connected else {}
    try:
        store_ok = await state.store.health()
    except StoreUnavailable:
        store_ok = False
    body = Health.model_validate({
        "status": "ok" if broker and broker.connected and store_ok else "degraded",
        "broker": {"connected": bool(broker and broker.connected), "consumers": broker.consumers if broker else {}},
        "queues": queues,
        "store": {"reachable": store_ok},
    })
    return body if body.status == "ok" else JSONResponse(body.model_dump(mode="json"), status_code=503)


async def _queue_counts(state: State) -> dict[str, dict[str, int]]:
    """Per work queue, what the broker counts across all processes: waiting, consumers, dead letters."""
    counts = {}
    for queue in (SCAN_QUEUE, THUMBNAIL_QUEUE):
        try:
            stats = await state.broker.queue_stats(queue)
        except BrokerUnavailable:
            return {}
        counts[queue] = {"messages": stats.messages, "consumers": stats.consumers, "dead_letters": stats.dead_letters}
    return counts
