"""Scanning a camera of a fleet test to its end through the API."""

from __future__ import annotations

import httpx

from libs.client.async_client import SdbClient


async def scan_until_ended(web: httpx.AsyncClient, camera_id: str) -> str:
    """Start a scan and poll it until it completed or failed; its status."""
    client = SdbClient(http=web)
    scan_id = (await client.start_scan(camera_id)).scan_id
    return (await client.wait_for_scan(scan_id, timeout_s=90)).status
