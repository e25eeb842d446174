"""Health: broker connection and consumers, store reachability."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from libs.common.broker.port import BrokerUnavailable
from libs.common.store.port import StoreUnavailable
from services.gateway.deps import State

router = APIRouter(tags=["health"])


@router.get("/health", response_model=None)
async def health(state: State) -> dict[str, Any] | JSONResponse:
    """200 when broker and store answer, 503 otherwise; consumer counts for operators."""
    try:
        broker = await state.broker.health()
    except BrokerUnavailable:
        broker = None
    try:
        store_ok = await state.store.health()
    except StoreUnavailable:
        store_ok = False
    body = {
        "status": "ok" if broker and broker.connected and store_ok else "degraded",
        "broker": {"connected": bool(broker and broker.connected), "consumers": broker.consumers if broker else {}},
        "store": {"reachable": store_ok},
    }
    return body if body["status"] == "ok" else JSONResponse(body, status_code=503)
