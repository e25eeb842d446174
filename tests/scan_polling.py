"""Starting a scan over HTTP and waiting, with a deadline, until it has ended (through the typed client)."""

from __future__ import annotations

from typing import Any

import httpx

from libs.client.async_client import SdbClient
from libs.common.contracts.api.scans import ScanBody


async def scan_and_wait(
    web: httpx.AsyncClient, camera_id: str = "CAM01", timeout_s: float = 90, **body: Any
) -> dict[str, Any]:
    """Post a scan, poll it until completed or failed, and return its final state as the API's JSON."""
    client = SdbClient(http=web)
    accepted = await client.start_scan(camera_id, ScanBody(**body))
    final = await client.wait_for_scan(accepted.scan_id, timeout_s=timeout_s, poll_s=0.05)
    return final.model_dump(mode="json")
