"""A cheap camera reachability check: can a TCP connection to its SSH port be opened, and how fast."""

from __future__ import annotations

import asyncio
import contextlib
import time

from fastapi import APIRouter

from libs.common.contracts.api.reachability import Reachability
from services.gateway.deps import Camera, CameraId

router = APIRouter(tags=["cameras"])
CONNECT_TIMEOUT_S = 2.0


@router.get("/cameras/{id}/reachability")
async def reachability(camera_id: CameraId, target: Camera) -> Reachability:
    """Open and close a TCP connection to the camera's SSH port; no login, no camera data read."""
    started = time.perf_counter()
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(target.host, target.port), CONNECT_TIMEOUT_S)
    except TimeoutError:
        return Reachability(id=camera_id, reachable=False, reason=f"no answer within {CONNECT_TIMEOUT_S:g} s")
    except OSError as exc:
        return Reachability(id=camera_id, reachable=False, reason=exc.strerror or type(exc).__name__)
    latency_ms = round((time.perf_counter() - started) * 1000, 1)
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return Reachability(id=camera_id, reachable=True, latency_ms=latency_ms)
