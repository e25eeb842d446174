"""What every scan needs, created once when the collector starts and handed to each scan."""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.adapters.broker.port import Broker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.settings import Settings
from services.collector.camera_port import CameraSessions


@dataclass(frozen=True)
class ScanContext:
    """Settings, adapters and the camera sessions (the connection pool) of one collector process."""

    settings: Settings
    broker: Broker
    store: ObjectStore
    registry: CameraRegistry
    cameras: CameraSessions
