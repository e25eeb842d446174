"""The collector worker: consumes scan requests, one scan at a time per message, idempotently."""

from __future__ import annotations

from libs.common.adapters.broker.port import PermanentFailure
from libs.common.contracts.envelope import Envelope, MalformedMessage
from libs.common.contracts.messages import SCAN_QUEUE, ScanRequested
from libs.common.documents.scan_lifecycle import give_up
from libs.common.domain.camera_ids import InvalidCameraId, normalize_camera_id
from services.collector.scan_context import ScanContext
from services.collector.scan_runner import ScanRunner


class CollectorWorker:
    """Scan requests in, stored results and events out. A request may arrive twice: scans are idempotent."""

    def __init__(self, ctx: ScanContext, concurrency: int = 4) -> None:
        """Keep the context; concurrency bounds scans running at once in this process."""
        self.ctx, self._concurrency = ctx, concurrency

    async def start(self) -> None:
        """Start consuming the scan queue."""
        await self.ctx.broker.consume(SCAN_QUEUE, self.handle, prefetch=self._concurrency,
                                      max_tries=self.ctx.settings.job_max_tries, on_dead=self.on_dead)

    async def handle(self, message: Envelope) -> None:
        """Run one scan request."""
        try:
            request = message.open(ScanRequested)
            normalize_camera_id(request.camera_id)
        except (MalformedMessage, InvalidCameraId) as exc:
            raise PermanentFailure(str(exc)) from exc
        await ScanRunner(self.ctx, request).run()

    async def on_dead(self, message: Envelope, reason: str) -> None:
        """A scan that failed for good: it ends failed with the reason."""
        scan_id = message.payload.get("scan_id")
        if isinstance(scan_id, str):
            await give_up(self.ctx.store, self.ctx.broker, scan_id, reason)
