"""What every scan needs, created once when the collector starts and handed to each scan."""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.broker.port import Broker
from libs.common.camera.connections import CameraConnections
from libs.common.camera_registry import CameraRegistry
from libs.common.settings import Settings
from libs.common.store.port import ObjectStore


@dataclass(frozen=True)
class ScanContext:
    """Settings, adapters and the camera connection pool of one collector process."""

    settings: Settings
    broker: Broker
    store: ObjectStore
    registry: CameraRegistry
    cameras: CameraConnections
