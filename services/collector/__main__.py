"""Run the collector on its own: `python -m services.collector`."""

from __future__ import annotations

import asyncio

from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.factory import make_host_keys
from libs.common.contracts.settings import get_settings
from libs.common.service.runtime import run_until_stopped, start_adapters
from services.collector.scan_context import ScanContext
from services.collector.worker import CollectorWorker


async def main() -> None:
    """Connect the adapters, start the worker, run until SIGTERM/SIGINT."""
    settings = get_settings()
    broker, store = await start_adapters(settings, "collector", worker=True)
    cameras = CameraConnections(settings.camera_connect_timeout_s, settings.camera_call_timeout_s,
                                settings.camera_max_parallel, host_keys=make_host_keys(settings))
    ctx = ScanContext(settings, broker, store, CameraRegistry(settings), cameras)
    await CollectorWorker(ctx).start()
    try:
        await run_until_stopped()
    finally:
        await cameras.close()
        await broker.close()


if __name__ == "__main__":
    asyncio.run(main())
