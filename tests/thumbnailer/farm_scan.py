"""Helpers of the farm tests: run a scan through the gateway and wait until it ends."""

from __future__ import annotations

from typing import Any

import httpx

from tests.servers.polling import eventually


async def scan_until_done(gateway: httpx.AsyncClient, body: dict[str, Any] | None = None,
                          camera_id: str = "CAM01") -> dict[str, Any]:
    """Start a scan, poll it until it ends, and return its final status."""
    answer = await gateway.post(f"/api/v1/cameras/{camera_id}/scans", json=body or {})
    assert answer.status_code == 202, answer.text
    scan_id = answer.json()["scan_id"]
    final: dict[str, Any] = {}

    async def ended() -> bool:
        final.update((await gateway.get(f"/api/v1/scans/{scan_id}")).json())
        return final["status"] in ("completed", "failed")

    await eventually(ended, timeout_s=60, what=f"scan {scan_id} to end")
    return final
