"""Publishing scan events: one helper so every service sends the same shape."""

from __future__ import annotations

from typing import Any

import structlog

from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.messages import ScanEvent

log = structlog.get_logger(__name__)


async def emit(broker: Broker, scan_id: str, camera_id: str, kind: str, **data: Any) -> None:
    """Broadcast an event; a broker outage loses the live update, never the stored result."""
    try:
        await broker.publish_event(
            Envelope.wrap(ScanEvent(scan_id=scan_id, camera_id=camera_id, kind=kind, data=data))
        )
    except BrokerUnavailable as exc:
        log.warning("event not published", scan_id=scan_id, camera_id=camera_id, kind=kind, reason=str(exc))
