"""Reading the host key a camera presents (key exchange only, no login), and trusting it on an operator's word."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncssh

from libs.common.adapters.camera.error_translation import translate_errors
from libs.common.adapters.camera.errors import CameraError, CameraUnreachable
from libs.common.adapters.camera.handshake_gate import HandshakeGate
from libs.common.adapters.camera.host_key_algorithms import host_key_algorithms
from libs.common.adapters.camera.host_key_trust import HostKeyTrust, fingerprint_of
from libs.common.adapters.camera.target import CameraTarget


class HostKeyMismatch(CameraError):
    """The camera presents a key other than the fingerprint an operator asked to trust."""


@dataclass(frozen=True)
class PresentedHostKey:
    """The key a camera presents now, and why it is trusted ("pinned", "known_hosts", "operator") or None."""

    algorithm: str
    fingerprint: str
    source: str | None


class HostKeyProbe:
    """Reads a camera's host key without authenticating, and trusts it when it matches an operator's fingerprint."""

    def __init__(self, trust: HostKeyTrust, connect_timeout_s: float, handshakes: HandshakeGate) -> None:
        """Check against `trust`; give up after connect_timeout_s; each key exchange takes a place in the process's
        handshake gate (the wait is not part of the deadline)."""
        self._trust = trust
        self._timeout_s = connect_timeout_s
        self._handshakes = handshakes

    async def presented(self, target: CameraTarget) -> PresentedHostKey:
        """The camera's host key and its trust source; CameraError when the camera cannot be reached."""
        key = await self._read_key(target)
        source = (await self._trust.policy_for(target)).source_of(key)
        return PresentedHostKey(key.get_algorithm(), fingerprint_of(key), source)

    async def trust(self, target: CameraTarget, fingerprint: str) -> PresentedHostKey:
        """Trust the camera's key if it is `fingerprint` (HostKeyMismatch otherwise) for every process."""
        key = await self._read_key(target)
        if fingerprint_of(key) != fingerprint:
            raise HostKeyMismatch(f"camera {target.camera_id} presents {key.get_algorithm()} key "
                                  f"{fingerprint_of(key)}, not {fingerprint}: nothing was trusted")
        await self._trust.trust(target, key)
        return PresentedHostKey(key.get_algorithm(), fingerprint_of(key), "operator")

    async def _read_key(self, target: CameraTarget) -> asyncssh.SSHKey:
        """The plain host key from a key exchange that ends before any authentication."""
        policy = await self._trust.policy_for(target)
        with translate_errors(target, "reading its host key"):
            async with self._handshakes.place():
                key = await asyncio.wait_for(
                    asyncssh.get_server_host_key(target.host, target.port, config=None,
                                                 server_host_key_algs=host_key_algorithms(policy.keys, False)),
                    self._timeout_s)
        if key is None:
            raise CameraUnreachable(f"camera {target.camera_id} presented no host key")
        return key
