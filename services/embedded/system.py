"""Wiring the collector, thumbnailer, gateway and web app together in one process."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
from fastapi import FastAPI

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.settings import Settings
from libs.common.documents.open_scans import resume_open_scans
from libs.common.service.stall_watch import StallWatch
from services.collector.scan_context import ScanContext
from services.collector.watch_ticker import WatchTicker
from services.collector.webhook_sender import WebhookSender
from services.collector.worker import CollectorWorker
from services.embedded.streaming_asgi import StreamingASGITransport
from services.gateway.app import create_app
from services.gateway.state import GatewayState
from services.thumbnailer.render_worker import RenderWorker
from services.thumbnailer.worker import ThumbnailWorker
from services.web.app import create_web_app


class EmbeddedSystem:
    """The whole product in one event loop; the web app is what gets served."""

    def __init__(self, settings: Settings, cameras: list[CameraTarget] | None = None) -> None:
        """Build adapters and services; nothing runs until start()."""
        self.settings = settings
        self.broker = InMemoryBroker()
        self.store = LocalFolderStore(settings.data_dir / "store", settings.store_reserve_bytes)
        self.registry = CameraRegistry(settings, cameras)
        self.connections = make_camera_connections(settings, self.store)
        context = ScanContext(settings, self.broker, self.store, self.registry, self.connections)
        self.collector = CollectorWorker(context, settings.collector_max_scans)
        self.thumbnailer = ThumbnailWorker(self.broker, self.store, settings.thumbnail_concurrency,
                                           settings.thumbnail_prefetch, settings.job_max_tries)
        self.renderer = RenderWorker(self.broker, self.store, settings.job_max_tries)
        self.watch_ticker = WatchTicker(context, settings.collector_max_scans)
        gateway_state = GatewayState(settings, self.broker, self.store, self.registry, self.connections)
        self.webhooks = WebhookSender(self.broker, self.store, settings.webhook_secret.get_secret_value())
        self.gateway_app = create_app(gateway_state)
        self._gateway_client = httpx.AsyncClient(transport=StreamingASGITransport(self.gateway_app),
                                                 base_url="http://gateway", timeout=30.0)
        self.web_app: FastAPI = create_web_app(settings, self.broker, self._gateway_client)
        self.stall_watch = StallWatch(self.store, self.broker, settings.scan_stall_deadline_s)
        self._watching: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the broker and the workers, watch ticks and webhooks (the web app subscribes in its own lifespan),
        resume the scans the last process left open (its broker's messages died with it), and watch open scans for
        stalls."""
        await self.broker.start()
        await self.collector.start()
        await self.thumbnailer.start()
        await self.renderer.start()
        await resume_open_scans(self.store, self.broker)
        self._watching = asyncio.create_task(self.stall_watch.run())
        await self.watch_ticker.start()
        await self.webhooks.start()

    async def stop(self) -> None:
        """Stop the stall watch, the workers and their image processes; close camera connections and gateway client."""
        if self._watching is not None:
            self._watching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watching
        await self.broker.close()
        await self.thumbnailer.close()
        await self.webhooks.close()
        await self.connections.close()
        await self._gateway_client.aclose()

    async def __aenter__(self) -> EmbeddedSystem:
        """Start on entering an `async with` block."""
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        """Stop on leaving the block."""
        await self.stop()
