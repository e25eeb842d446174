"""The process-wide camera pool: one reused SSH connection per camera, bounded parallel requests and handshakes."""

from __future__ import annotations

import asyncio
import contextlib

from libs.common.adapters.camera.camera_link import CameraLink
from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.handshake_gate import HandshakeGate
from libs.common.adapters.camera.host_key_probe import HostKeyProbe
from libs.common.adapters.camera.host_key_trust import HostKeyTrust
from libs.common.adapters.camera.session import CameraSession
from libs.common.adapters.camera.target import CameraTarget

_LinkKey = tuple[str, str, int, str]
BY_NAME_CONNECTS_IN_FLIGHT = 2  # ids in no cameras file: made-up ids cannot tie up the process's connects


class CameraConnections:
    """Hands out CameraSessions that share one connection per camera; close() ends them all."""

    def __init__(
        self,
        host_keys: HostKeyTrust,
        *,
        connect_timeout_s: float,
        call_timeout_s: float,
        max_parallel_per_camera: int,
        max_handshakes: int = 8,
    ) -> None:
        """Set the host keys every camera is checked against, the deadlines, the per-camera parallelism and how many
        SSH handshakes may be in flight at once over all cameras (`handshakes` counts them).

        Built by libs.common.adapters.factory.make_camera_connections; there is no way to skip the host key check.
        """
        self._connect_timeout_s = connect_timeout_s
        self._call_timeout_s = call_timeout_s
        self._max_parallel = max_parallel_per_camera
        self._host_keys = host_keys
        self.handshakes = HandshakeGate(max_handshakes)
        self.host_key_probe = HostKeyProbe(host_keys, connect_timeout_s, self.handshakes)
        self._links: dict[_LinkKey, CameraLink] = {}
        self._by_name_connects = asyncio.Semaphore(BY_NAME_CONNECTS_IN_FLIGHT)

    async def session(self, target: CameraTarget) -> CameraSession:
        """A session on `target`, connecting first if needed; raises CameraError when the camera fails."""
        key = (target.camera_id, target.host, target.port, target.user)
        link = self._links.get(key)
        if link is None:
            link = CameraLink(
                target,
                connect_timeout_s=self._connect_timeout_s,
                call_timeout_s=self._call_timeout_s,
                max_parallel=self._max_parallel,
                host_keys=self._host_keys,
                handshakes=self.handshakes,
            )
            self._links[key] = link
        try:
            async with self._by_name_connects if target.by_name else contextlib.nullcontext():
                await link.connect()
        except CameraError:
            if target.by_name and self._links.get(key) is link:
                del self._links[key]  # an id that never reached a camera leaves nothing behind
            raise
        return CameraSession(link)

    async def close(self) -> None:
        """Close every camera connection."""
        links, self._links = list(self._links.values()), {}
        await asyncio.gather(*(link.close() for link in links))
