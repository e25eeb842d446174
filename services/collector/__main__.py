"""Run the collector on its own: `python -m services.collector`."""

from __future__ import annotations

import asyncio

from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.factory import make_camera_connections
from libs.common.contracts.settings import get_settings
from libs.common.service.gc_tuning import tune_garbage_collector
from libs.common.service.runtime import run_until_stopped, start_adapters
from services.collector.scan_context import ScanContext
from services.collector.watch_ticker import WatchTicker
from services.collector.webhook_sender import WebhookSender
from services.collector.worker import CollectorWorker


async def main() -> None:
    """Connect the adapters, start the scan worker, watch ticks and webhook deliveries, run until SIGTERM/SIGINT."""
    settings = get_settings()
    broker, store = await start_adapters(settings, "collector", worker=True)
    cameras = make_camera_connections(settings, store)
    registry = CameraRegistry(settings)
    ctx = ScanContext(settings, broker, store, registry, cameras)
    sender = WebhookSender(broker, store, settings.webhook_secret.get_secret_value())
    await CollectorWorker(ctx, settings.collector_max_scans).start()
    await WatchTicker(ctx, settings.collector_max_scans).start()
    await sender.start()
    tune_garbage_collector()
    try:
        await run_until_stopped()
    finally:
        await sender.close()
        await cameras.close()
        await broker.close()


if __name__ == "__main__":
    asyncio.run(main())
