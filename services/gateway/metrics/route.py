"""GET /metrics: the Prometheus text format (or OpenMetrics when asked for), built per scrape from the store."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import CollectorRegistry

from libs.common.adapters.broker.port import BrokerUnavailable, QueueStats
from libs.common.contracts.records import utc_now
from libs.common.contracts.store_layout import OUTBOX_PREFIX
from libs.common.documents.process_counters import WEBHOOK_DELIVERIES, summed_counters
from services.gateway.deps import State
from services.gateway.error_responses import ERROR_RESPONSES
from services.gateway.fleet.camera_filter import camera_filter
from services.gateway.fleet.fleet_table import STRIP_DAYS, fleet_snapshots
from services.gateway.metrics.fleet_collector import FleetCollector, ScrapeData
from services.gateway.routes.health import expected_consumers
from services.gateway.state import GatewayState

router = APIRouter(tags=["metrics"])


async def _queues(state: GatewayState) -> dict[str, QueueStats]:
    """Each work queue's counts, or none while the broker does not answer."""
    counts = {}
    for queue in expected_consumers(state.settings):
        try:
            counts[queue] = await state.broker.queue_stats(queue)
        except BrokerUnavailable:
            return {}
    return counts


@router.get("/metrics", response_class=Response, responses={
    **{status: ERROR_RESPONSES[status] for status in (400, 401)},
    200: {"content": {"text/plain": {}}, "description": "Prometheus text format 0.0.4 (OpenMetrics on request)"}})
async def metrics(state: State, request: Request,
                  camera: Annotated[list[str] | None, Query(description="Only these cameras' series (repeatable); "
                                                            "the service series stay whole")] = None) -> Response:
    """Per camera (label `camera`) and per service series, computed from the stored documents at scrape time."""
    only = camera_filter(camera)
    now = utc_now()
    snapshots = await fleet_snapshots(state, now.date().isoformat(), STRIP_DAYS, now)
    shown = [snapshot for snapshot in snapshots if only is None or snapshot.row.camera_id in only]
    registry = CollectorRegistry(auto_describe=False)
    pending = len(await state.store.list(OUTBOX_PREFIX))
    data = ScrapeData(shown, [snapshot.tally for snapshot in snapshots], await _queues(state),
                      await summed_counters(state.store, WEBHOOK_DELIVERIES), pending)
    registry.register(FleetCollector(data, now.timestamp()))
    encode, content_type = choose_encoder(request.headers.get("accept", ""))
    return Response(encode(registry), media_type=content_type)
