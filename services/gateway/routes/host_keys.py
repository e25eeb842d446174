"""Trusting cameras: read the host key a camera presents (no login), and trust it on an operator's word."""

from __future__ import annotations

from typing import cast

from fastapi import APIRouter, HTTPException

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.host_key_probe import HostKeyMismatch, PresentedHostKey
from libs.common.contracts.api.host_keys import HostKeyStatus, PresentedKey, TrustRequest, TrustSource
from services.gateway.camera_access import camera_failures_as_http
from services.gateway.deps import Camera, CameraId, State

router = APIRouter(tags=["cameras"])
CAMERA_ANSWERS: dict[int | str, dict[str, str]] = {
    502: {"description": "The camera cannot be reached"},
    504: {"description": "The camera did not answer in time"},
}


def _status(camera_id: str, key: PresentedHostKey) -> HostKeyStatus:
    """The answer for a presented key."""
    return HostKeyStatus(camera_id=camera_id, presented=PresentedKey(algorithm=key.algorithm,
                                                                     fingerprint=key.fingerprint),
                         trusted=key.source is not None, source=cast(TrustSource | None, key.source))


@router.get("/cameras/{id}/host-key")
async def host_key(camera_id: CameraId, target: Camera, state: State) -> HostKeyStatus:
    """The host key the camera presents now, read by a key exchange that ends before any login; `presented` is
    null with the reason when the camera cannot be reached."""
    try:
        return _status(camera_id, await state.connections.host_key_probe.presented(target))
    except CameraError as exc:
        return HostKeyStatus(camera_id=camera_id, presented=None, trusted=False, source=None, reason=str(exc))


@router.post("/cameras/{id}/host-key/trust",
             responses={**CAMERA_ANSWERS, 409: {"description": "The camera presents another key; nothing trusted"}})
async def trust_host_key(camera_id: CameraId, target: Camera, body: TrustRequest, state: State) -> HostKeyStatus:
    """Trust the camera's key for every process, if the camera presents this fingerprint now."""
    with camera_failures_as_http():
        try:
            trusted = await state.connections.host_key_probe.trust(target, body.fingerprint)
        except HostKeyMismatch as exc:
            raise HTTPException(409, str(exc)) from exc
    return _status(camera_id, trusted)
