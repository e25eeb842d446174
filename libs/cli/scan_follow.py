"""Following a scan to its end with a progress display: from its event stream, or by polling its status."""

from __future__ import annotations

import asyncio

from libs.cli.progress import ProgressDisplay
from libs.cli.scan_tracker import ScanTracker
from libs.cli.units import human_bytes
from libs.client.async_client import SdbClient
from libs.client.errors import ApiError
from libs.common.contracts.api.scans import ScanView

POLL_S = 0.5


async def follow_scan(client: SdbClient, scan_id: str, tracker: ScanTracker, display: ProgressDisplay) -> ScanView:
    """Show the scan's events until it ends (polling where the URL serves no event stream); its final state."""
    try:
        async for frame in client.scan_events(scan_id):
            note = tracker.feed(frame)
            if note is not None:
                display.note(note)
            snapshot = tracker.snapshot()
            display.update(snapshot.phase, snapshot.done, snapshot.total, snapshot.detail())
    except ApiError as error:
        if error.status != 404:
            raise
        return await _poll(client, scan_id, display)  # a gateway URL: events are the web service's
    return await client.scan(scan_id)


async def _poll(client: SdbClient, scan_id: str, display: ProgressDisplay) -> ScanView:
    """Show the scan's stored progress every POLL_S until it has ended."""
    while True:
        view = await client.scan(scan_id)
        progress = view.progress
        detail = (f"thumbnails {progress.thumbnails_done} previews {progress.previews_done} "
                  f"errors {progress.errors} read {human_bytes(progress.bytes_read)}")
        display.update(progress.phase or view.status, progress.clips_done, progress.clips_total or None, detail)
        if view.status in ("completed", "failed"):
            return view
        await asyncio.sleep(POLL_S)
