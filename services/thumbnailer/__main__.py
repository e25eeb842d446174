"""Run one thumbnailer replica: `python -m services.thumbnailer`."""

from __future__ import annotations

import asyncio

from libs.common.contracts.settings import get_settings
from libs.common.service.gc_tuning import tune_garbage_collector
from libs.common.service.runtime import run_until_stopped, start_adapters
from services.thumbnailer.render_worker import RenderWorker
from services.thumbnailer.worker import ThumbnailWorker


async def main() -> None:
    """Connect, consume image and render jobs, run until SIGTERM/SIGINT."""
    settings = get_settings()
    broker, store = await start_adapters(settings, "thumbnailer", worker=True)
    worker = ThumbnailWorker(broker, store, settings.thumbnail_concurrency, settings.thumbnail_prefetch,
                             settings.job_max_tries)
    await worker.start()
    await RenderWorker(broker, store, settings.job_max_tries).start()
    tune_garbage_collector()
    try:
        await run_until_stopped()
    finally:
        await broker.close()
        await worker.close()


if __name__ == "__main__":
    asyncio.run(main())
