"""An SSH server that pretends to be a camera and records every login attempt it gets (the attacker's view)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import asyncssh


@dataclass
class Captured:
    """What reached the fake server: connections, and every authentication step with its secret."""

    connections: int = 0
    attempts: list[str] = field(default_factory=list)


class _Recording(asyncssh.SSHServer):
    """Accepts nothing; writes down each user name, password and public key it is offered."""

    def __init__(self, captured: Captured) -> None:
        """Record into `captured`."""
        self._captured = captured

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """Count the connection."""
        self._captured.connections += 1

    def begin_auth(self, username: str) -> bool:
        """Any user must authenticate."""
        self._captured.attempts.append(f"user {username}")
        return True

    def password_auth_supported(self) -> bool:
        """Ask for passwords, as a phishing server would."""
        return True

    def validate_password(self, username: str, password: str) -> bool:
        """Keep the password; refuse the login."""
        self._captured.attempts.append(f"password {password}")
        return False

    def public_key_auth_supported(self) -> bool:
        """Ask for keys too."""
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """Keep the key; refuse the login."""
        self._captured.attempts.append(f"public key {key.get_fingerprint()}")
        return False


@dataclass
class FakeCamera:
    """A listening fake camera: where it is, the key it presents and what it captured."""

    port: int
    host_key: asyncssh.SSHKey
    captured: Captured

    @property
    def fingerprint(self) -> str:
        """The presented key's SHA256 fingerprint."""
        return self.host_key.get_fingerprint("sha256")


@asynccontextmanager
async def fake_camera(algorithm: str = "ssh-ed25519") -> AsyncIterator[FakeCamera]:
    """A fake SSH camera on a free loopback port with a fresh host key, stopped after the block."""
    key = asyncssh.generate_private_key(algorithm)
    captured = Captured()
    acceptor = await asyncssh.listen("127.0.0.1", 0, server_host_keys=[key],
                                     server_factory=lambda: _Recording(captured))
    try:
        yield FakeCamera(acceptor.get_port(), key.convert_to_public(), captured)
    finally:
        acceptor.close()
        await acceptor.wait_closed()
