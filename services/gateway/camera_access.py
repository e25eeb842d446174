"""Reaching a camera from a route: a session on the gateway's shared connection, camera failures as HTTP answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException

from libs.common.adapters.camera.errors import CameraError, CameraTimeout
from libs.common.adapters.camera.session import CameraSession
from services.gateway.state import GatewayState


@contextmanager
def camera_failures_as_http() -> Iterator[None]:
    """A camera timeout stays CameraTimeout (answered 504); any other camera failure becomes 502 with its reason."""
    try:
        yield
    except CameraTimeout:
        raise
    except CameraError as exc:
        raise HTTPException(502, str(exc)) from exc


async def camera_session(state: GatewayState, camera_id: str) -> CameraSession:
    """A session on the camera's shared connection, connecting first if needed."""
    with camera_failures_as_http():
        return await state.connections.session(state.registry.resolve(camera_id))
