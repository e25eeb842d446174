"""Run the collector on its own: `python -m services.collector`."""

from __future__ import annotations

import asyncio

from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.factory import make_camera_connections
from libs.common.contracts.settings import get_settings
from libs.common.service.runtime import run_until_stopped, start_adapters
from services.collector.scan_context import ScanContext
from services.collector.worker import CollectorWorker


async def main() -> None:
    """Connect the adapters, start the worker, run until SIGTERM/SIGINT."""
    settings = get_settings()
    broker, store = await start_adapters(settings, "collector", worker=True)
    cameras = make_camera_connections(settings, store)
    ctx = ScanContext(settings, broker, store, CameraRegistry(settings), cameras)
    await CollectorWorker(ctx).start()
    try:
        await run_until_stopped()
    finally:
        await cameras.close()
        await broker.close()


if __name__ == "__main__":
    asyncio.run(main())
