"""Starting a scan over HTTP and waiting, with a deadline, until it has ended."""

from __future__ import annotations

from typing import Any

import httpx

from tools.local_servers.polling import eventually


async def scan_and_wait(
    web: httpx.AsyncClient, camera_id: str = "CAM01", timeout_s: float = 90, **body: Any
) -> dict[str, Any]:
    """Post a scan, poll it until completed or failed, and return its final state."""
    answer = await web.post(f"/api/v1/cameras/{camera_id}/scans", json=body)
    assert answer.status_code == 202, answer.text
    scan_id = answer.json()["scan_id"]
    final: dict[str, Any] = {}

    async def ended() -> bool:
        final.update((await web.get(f"/api/v1/scans/{scan_id}")).json())
        return final["status"] in ("completed", "failed")

    await eventually(ended, timeout_s=timeout_s, what=f"scan {scan_id} of {camera_id} to end")
    return final
