"""What the gateway's routes share: settings, adapters, the camera registry, camera connections, locks, the export
cap."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field

from libs.common.adapters.broker.port import Broker
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.settings import Settings
from services.gateway.export.export_slots import ExportSlots


@dataclass
class GatewayState:
    """Created once at start-up and kept on app.state."""

    settings: Settings
    broker: Broker
    store: ObjectStore
    registry: CameraRegistry
    connections: CameraConnections
    scan_locks: defaultdict[str, asyncio.Lock] = field(default_factory=lambda: defaultdict(asyncio.Lock))
    export_slots: ExportSlots = field(init=False)

    def __post_init__(self) -> None:
        """The export cap from the settings."""
        self.export_slots = ExportSlots(self.settings.export_max_concurrent)
