"""Run everything in one process: `python -m services.embedded` (page and API on SDB_WEB_PORT)."""

from __future__ import annotations

import asyncio

import structlog
import uvicorn

from libs.common.contracts.settings import get_settings
from libs.common.service.gc_tuning import tune_garbage_collector
from libs.common.service.logging_setup import configure_logging
from libs.common.service.request_guard import guarded
from services.embedded.demo_camera import start_demo_camera
from services.embedded.system import EmbeddedSystem

log = structlog.get_logger(__name__)


async def main() -> None:
    """Start the demo camera (unless cameras are configured), the services, and the web server."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    demo, cameras = None, []
    if settings.demo_camera and settings.cameras_file is None:
        demo = await start_demo_camera(settings.data_dir)
        cameras.append(demo.target)
        log.info("demo camera ready", camera_id=demo.target.camera_id, port=demo.simulator.port)
    system = EmbeddedSystem(settings, cameras)
    await system.start()
    tune_garbage_collector()
    server = uvicorn.Server(uvicorn.Config(guarded(system.web_app, settings), host=settings.bind_host,
                                           port=settings.web_port, log_level="warning"))
    log.info("SD Card Browser running", url=f"http://{settings.bind_host}:{settings.web_port}/")
    try:
        await server.serve()
    finally:
        await system.stop()
        if demo is not None:
            await demo.close()


if __name__ == "__main__":
    asyncio.run(main())
