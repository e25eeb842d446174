"""Publishing scan events: one helper so every service sends them the same way."""

from __future__ import annotations

import structlog

from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ScanEvent

log = structlog.get_logger(__name__)


async def emit(broker: Broker, event: ScanEvent) -> None:
    """Broadcast an event; a broker outage loses the live update, never the stored result."""
    try:
        await broker.publish_event(Envelope.wrap(event))
    except BrokerUnavailable as exc:
        log.warning("event not published", scan_id=event.scan_id, camera_id=event.camera_id,
                    kind=event.kind, reason=str(exc))
