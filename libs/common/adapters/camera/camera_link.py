"""One camera's SSH connection: opened lazily, reused by every call, reopened after it drops."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncssh
import structlog

from libs.common.adapters.camera.card_transport import CardTransport
from libs.common.adapters.camera.error_translation import is_connection_lost, translate_errors
from libs.common.adapters.camera.exec_channel_limit import exec_channel_limit
from libs.common.adapters.camera.exec_transport import ExecTransport
from libs.common.adapters.camera.handshake_gate import HandshakeGate
from libs.common.adapters.camera.host_key_trust import HostKeyPolicy, HostKeyTrust
from libs.common.adapters.camera.sftp_probe import has_sftp
from libs.common.adapters.camera.sftp_transport import SftpTransport
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.camera.task_batch import retrieve_outcome

log = structlog.get_logger(__name__)

Result = TypeVar("Result")

KEEPALIVE_INTERVAL_S = 15.0
KEEPALIVE_COUNT_MAX = 3


class _ConnectionWatch(asyncssh.SSHClient):
    """Checks the host key the camera presents against its policy, and remembers whether the connection closed."""

    def __init__(self, policy: HostKeyPolicy) -> None:
        """Start out open, with no key seen."""
        self.closed = False
        self.presented: asyncssh.SSHKey | None = None
        self.first_use_key: asyncssh.SSHKey | None = None
        self._policy = policy

    def validate_host_public_key(self, host: str, addr: str, port: int, key: asyncssh.SSHKey) -> bool:
        """asyncssh asks during the key exchange (before any authentication) about a key not in known_hosts:
        trusted when pinned, or on first use in a TOFU domain; refused otherwise."""
        self.presented = key
        if self._policy.source_of(key) is not None:
            return True
        if self._policy.first_use:
            self.first_use_key = key
            return True
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        """Mark the connection closed, whatever the reason."""
        self.closed = True


class CameraLink:
    """Connection, transport and parallel-request slots of one camera, shared by all its sessions."""

    def __init__(
        self,
        target: CameraTarget,
        *,
        connect_timeout_s: float,
        call_timeout_s: float,
        max_parallel: int,
        host_keys: HostKeyTrust,
        handshakes: HandshakeGate,
    ) -> None:
        """Prepare the link; nothing connects until the first call, and every connect waits for a place in the
        process's handshake gate (the wait is not part of the connect deadline)."""
        self.target = target
        self.connections_opened = 0
        self._connect_timeout_s = connect_timeout_s
        self._call_timeout_s = call_timeout_s
        self._host_keys = host_keys
        self._handshakes = handshakes
        self._slots = asyncio.Semaphore(max_parallel)
        self._connect_lock = asyncio.Lock()
        self._connection: asyncssh.SSHClientConnection | None = None
        self._watch: _ConnectionWatch | None = None
        self._transport: CardTransport | None = None

    @property
    def transport_name(self) -> str:
        """'sftp' or 'exec' for the current connection ('' before the first connect)."""
        return self._transport.name if self._transport else ""

    async def connect(self) -> None:
        """Open the connection now if it is not open, raising CameraError on failure."""
        with translate_errors(self.target, "connecting"):
            await self._open_transport()

    async def call(self, action: str, operation: Callable[[CardTransport], Awaitable[Result]]) -> Result:
        """Run `operation` within a request slot and the call deadline; if the link dropped or the call stalled
        past its deadline, retry once on a fresh connection."""
        async with self._slots:
            with translate_errors(self.target, action):
                transport = await self._open_transport()
                try:
                    return await self._within_deadline(transport, operation)
                except Exception as error:
                    if not (is_connection_lost(error) or isinstance(error, TimeoutError)):
                        raise
                    log.info("camera call failed, reconnecting for one retry", camera_id=self.target.camera_id,
                             action=action, reason=type(error).__name__)
                    await self._forget(transport)
                transport = await self._open_transport()
                return await self._within_deadline(transport, operation)

    async def _within_deadline(
        self, transport: CardTransport, operation: Callable[[CardTransport], Awaitable[Result]]
    ) -> Result:
        """The operation's result, or TimeoutError after the call deadline.

        A camera that stops answering mid-read would keep even a cancelled call waiting (its file handle's close
        queues behind the stalled read), so on timeout the connection is aborted instead of awaited.
        """
        task = asyncio.ensure_future(operation(transport))
        try:
            done, _ = await asyncio.wait({task}, timeout=self._call_timeout_s)
        except asyncio.CancelledError:
            task.add_done_callback(retrieve_outcome)
            task.cancel()
            raise
        if task in done:
            return task.result()
        task.add_done_callback(retrieve_outcome)
        task.cancel()
        async with self._connect_lock:
            if self._transport is transport and self._connection is not None:
                self._connection.abort()
                self._connection, self._watch, self._transport = None, None, None
        raise TimeoutError(f"no answer within {self._call_timeout_s}s")

    async def close(self) -> None:
        """Close the connection, if any."""
        async with self._connect_lock:
            await self._close_connection()

    async def _forget(self, broken: CardTransport) -> None:
        """Drop the connection behind `broken` unless another caller already replaced it."""
        async with self._connect_lock:
            if self._transport is broken:
                await self._close_connection()

    async def _open_transport(self) -> CardTransport:
        """Return the live transport, connecting (and choosing SFTP or exec) if needed."""
        async with self._connect_lock:
            if self._transport is not None and self._watch is not None and not self._watch.closed:
                return self._transport
            await self._close_connection()
            async with self._handshakes.place():
                connection, watch = await asyncio.wait_for(self._ssh_connect(), self._connect_timeout_s)
            self.connections_opened += 1
            self._connection, self._watch = connection, watch
            self._transport = await asyncio.wait_for(self._choose_transport(connection), self._call_timeout_s)
            log.info(
                "camera connected",
                camera_id=self.target.camera_id,
                host=self.target.host,
                port=self.target.port,
                transport=self._transport.name,
            )
            return self._transport

    async def _ssh_connect(self) -> tuple[asyncssh.SSHClientConnection, _ConnectionWatch]:
        """Open the SSH connection: the host key is checked during the key exchange, and only a trusted key gets
        the target's credentials; no user ssh config or agent involved. A first-use key is kept even when the
        login then fails, so a server that refuses it does not get the password again."""
        trust = self._host_keys
        policy = await trust.policy_for(self.target)
        watch = _ConnectionWatch(policy)
        try:
            return await self._ssh_open(watch, policy), watch
        except asyncssh.HostKeyNotVerifiable as error:
            raise trust.refusal(policy, watch.presented) from error
        finally:
            if watch.first_use_key is not None:
                await trust.trust(self.target, watch.first_use_key, trusted_by="first use")

    async def _ssh_open(self, watch: _ConnectionWatch, policy: HostKeyPolicy) -> asyncssh.SSHClientConnection:
        """asyncssh.connect with our deadlines and keepalives, the policy's keys and host key algorithms."""
        password = self.target.password.get_secret_value() or None
        client_keys = [self.target.key_file] if self.target.key_file else None
        return await asyncssh.connect(
            self.target.host,
            self.target.port,
            username=self.target.user,
            password=password,
            client_keys=client_keys,
            agent_path=None,
            config=None,
            known_hosts=policy.known_hosts(),
            server_host_key_algs=policy.algorithms(),
            connect_timeout=self._connect_timeout_s,
            keepalive_interval=KEEPALIVE_INTERVAL_S,
            keepalive_count_max=KEEPALIVE_COUNT_MAX,
            client_factory=lambda: watch,
        )

    async def _choose_transport(self, connection: asyncssh.SSHClientConnection) -> CardTransport:
        """Prefer the SFTP subsystem; fall back to shell commands when the camera has none. Either way, a server
        that cannot take overlapping exec channels gets its commands one at a time (SFTP requests are not bound)."""
        exec_channels = self._exec_channels(connection)
        if exec_channels is not None and not await has_sftp(connection):
            return self._shell_commands(connection, exec_channels, "the sftp subsystem did not answer")
        try:
            sftp = await connection.start_sftp_client()
        except (asyncssh.ChannelOpenError, asyncssh.SFTPError) as error:
            return self._shell_commands(connection, exec_channels, str(error.reason))
        return SftpTransport(sftp, connection, exec_channels)

    def _shell_commands(
        self, connection: asyncssh.SSHClientConnection, exec_channels: int | None, reason: str
    ) -> ExecTransport:
        """The shell-command transport for a camera without SFTP, logged with the reason."""
        log.info("camera has no sftp, using shell commands", camera_id=self.target.camera_id, reason=reason)
        return ExecTransport(connection, exec_channels)

    def _exec_channels(self, connection: asyncssh.SSHClientConnection) -> int | None:
        """How many exec channels the server may have in flight (None: no bound), logged when bounded."""
        limit = exec_channel_limit(connection.get_extra_info("server_version"))
        if limit is None:
            return None
        log.info(
            "camera exec channels limited, its scans are slower",
            camera_id=self.target.camera_id,
            host=self.target.host,
            port=self.target.port,
            server=limit.software,
            exec_channels=limit.channels,
            reason=limit.reason,
        )
        return limit.channels

    async def _close_connection(self) -> None:
        """Close and forget the current connection (caller holds the connect lock)."""
        connection = self._connection
        self._connection, self._watch, self._transport = None, None, None
        if connection is not None:
            connection.close()
            await connection.wait_closed()
