"""The simulator's SSH server: password login, SFTP (optional) and the camera shell over one card."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import structlog
from pydantic import SecretStr

from libs.camera_simulator.camera_filesystem import (
    DEFAULT_CAPACITY_BYTES,
    DEFAULT_CONFIG_INI,
    DEFAULT_SD_ROOT,
    CameraFilesystem,
)
from libs.camera_simulator.card_builder import default_config_path
from libs.camera_simulator.link_timing import LinkShape
from libs.camera_simulator.read_stall import ReadStall
from libs.camera_simulator.request_counts import RequestCounts
from libs.camera_simulator.sftp_handler import CardSftpServer
from libs.camera_simulator.shell_handler import CameraShell
from libs.camera_simulator.simulated_clock import SimulatedClock
from libs.camera_simulator.slow_link import SlowLink
from libs.camera_simulator.system_files import default_system_path
from libs.camera_simulator.throttle import Throttle
from libs.common.adapters.camera.target import CameraTarget

log = structlog.get_logger(__name__)

DEFAULT_USER = "root"
DEFAULT_PASSWORD = "camera"  # noqa: S105 - the simulator's published demo password, not a secret


@dataclass
class ConnectionRegistry:
    """Counts accepted SSH connections (and those still in their handshake, with the most there ever were at once,
    as a camera's MaxStartups sees them) and keeps the open ones so they can be dropped. Simulators that share one
    `handshaking` set count a fleet's handshakes together."""

    accepted: int = 0
    open: set[asyncssh.SSHServerConnection] = field(default_factory=set)
    handshaking: set[asyncssh.SSHServerConnection] = field(default_factory=set)
    handshakes_peak: int = 0


class _CameraLogin(asyncssh.SSHServer):
    """Password login for one user; registers the connection while it lives."""

    def __init__(self, user: str, password: str, registry: ConnectionRegistry) -> None:
        """Accept only `user` with `password`."""
        self._user = user
        self._password = password
        self._registry = registry
        self._connection: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """Count and remember the connection."""
        self._connection = conn
        self._registry.accepted += 1
        self._registry.open.add(conn)
        self._registry.handshaking.add(conn)
        self._registry.handshakes_peak = max(self._registry.handshakes_peak, len(self._registry.handshaking))

    def auth_completed(self) -> None:
        """The handshake is over: logged in."""
        self._registry.handshaking.discard(self._connection)

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection."""
        if self._connection is not None:
            self._registry.open.discard(self._connection)
            self._registry.handshaking.discard(self._connection)

    def begin_auth(self, username: str) -> bool:
        """Every login needs a password."""
        return True

    def password_auth_supported(self) -> bool:
        """Only passwords are accepted."""
        return True

    def validate_password(self, username: str, password: str) -> bool:
        """Constant-time check of user and password."""
        return hmac.compare_digest(username, self._user) and hmac.compare_digest(password, self._password)


@dataclass
class RunningSimulator:
    """A listening simulator: where it is (behind its link, if it has one), how to log in, how to stop it, and
    what it was asked (`counts`)."""

    host: str
    port: int
    user: str
    password: SecretStr
    sd_root: str
    config_ini: str
    host_key: asyncssh.SSHKey
    _acceptor: asyncssh.SSHAcceptor
    _registry: ConnectionRegistry
    _stall: ReadStall = field(default_factory=ReadStall)
    counts: RequestCounts = field(default_factory=RequestCounts)
    _link: SlowLink | None = None
    clock: SimulatedClock = field(default_factory=SimulatedClock)

    @property
    def connections_accepted(self) -> int:
        """How many SSH connections the simulator has accepted so far."""
        return self._registry.accepted

    @property
    def bytes_served(self) -> int:
        """File bytes the simulator has sent (SFTP reads and dd), as a camera's own counters would show."""
        return self._stall.served

    @property
    def handshakes_peak(self) -> int:
        """The most connections that were in their handshake (not yet logged in) at once."""
        return self._registry.handshakes_peak

    @property
    def open_connections(self) -> int:
        """How many SSH connections are open right now."""
        return len(self._registry.open)

    def target(self, camera_id: str = "ID-SIMULATOR") -> CameraTarget:
        """A CameraTarget that reaches this simulator, its host key pinned."""
        return CameraTarget(
            camera_id=camera_id, host=self.host, port=self.port, user=self.user, password=self.password,
            model="DomePlus", sd_root=self.sd_root, config_ini=self.config_ini,
            host_key_fingerprint=self.host_key.get_fingerprint("sha256"),
        )

    def trusted_host_keys(self) -> tuple[list[asyncssh.SSHKey], list[asyncssh.SSHKey], list[asyncssh.SSHKey]]:
        """asyncssh's known_hosts argument that trusts this simulator's host key and nothing else."""
        return [self.host_key], [], []

    def reboot(self) -> None:
        """Reboot the camera: every connection dropped, a new boot id, uptime from zero (the card stays)."""
        self.drop_connections()
        self.clock.reboot()

    def drop_connections(self) -> None:
        """Abort every open connection, as a camera reboot or Wi-Fi drop would."""
        for connection in list(self._registry.open):
            connection.abort()

    async def close(self) -> None:
        """Stop listening and drop every connection."""
        self._stall.release()
        if self._link is not None:
            await self._link.close()
        self._acceptor.close()
        self.drop_connections()
        await self._acceptor.wait_closed()

    async def __aenter__(self) -> RunningSimulator:
        """Use as `async with await start_simulator(...) as simulator:`; closed at the end of the block."""
        return self

    async def __aexit__(self, *_: object) -> None:
        """Close on leaving the block."""
        await self.close()


def load_or_create_host_key(path: Path) -> asyncssh.SSHKey:
    """The simulator's host key, generated on first use and kept in `path` (mode 600)."""
    if path.exists():
        return asyncssh.read_private_key(str(path))
    key = asyncssh.generate_private_key("ssh-ed25519")
    path.parent.mkdir(parents=True, exist_ok=True)
    key.write_private_key(str(path))
    path.chmod(0o600)
    return key


def _absolute(path: Path) -> Path:
    """`path` made absolute with symlinks resolved, so served paths compare reliably."""
    return path.resolve()


async def start_simulator(
    card_dir: Path,
    port: int = 0,
    user: str = DEFAULT_USER,
    password: str = DEFAULT_PASSWORD,
    sftp: bool = True,
    *,
    host: str = "127.0.0.1",
    config_file: Path | None = None,
    system_dir: Path | None = None,
    host_key_file: Path | None = None,
    sd_root: str = DEFAULT_SD_ROOT,
    config_ini: str = DEFAULT_CONFIG_INI,
    capacity_bytes: int = DEFAULT_CAPACITY_BYTES,
    latency_ms: float = 0.0,
    rate_bytes_per_s: int = 0,
    stall_after_bytes: int | None = None,
    link: LinkShape | None = None,
    clock: SimulatedClock | None = None,
    handshaking: set[asyncssh.SSHServerConnection] | None = None,
) -> RunningSimulator:
    """Serve `card_dir` as a camera on host:port (0 = a free port); sftp=False behaves like BusyBox/dropbear.

    stall_after_bytes: file reads (SFTP or dd) hang once that many bytes were served, until close().
    system_dir: /proc, /sys files and the kernel log (default: system/ beside the card, when it exists).
    link: put a camera-like link (one-way delay, byte rate) between host:port and the SSH server.
    clock: the camera's clock and boots (`date`, /proc/uptime, boot id); plant an offset, a step or a reboot on it.
    handshaking: a set shared with other simulators: handshakes_peak then counts the handshakes of them all at once.
    latency_ms / rate_bytes_per_s instead slow the server itself down, per request and per byte served.
    """
    system = system_dir or default_system_path(card_dir)
    filesystem = CameraFilesystem(
        card_dir=_absolute(card_dir), config_file=_absolute(config_file or default_config_path(card_dir)),
        sd_root=sd_root, config_ini=config_ini, capacity_bytes=capacity_bytes,
        system_dir=_absolute(system) if system.is_dir() else None,
    )
    throttle = Throttle(latency_ms=latency_ms, rate_bytes_per_s=rate_bytes_per_s)
    registry = ConnectionRegistry(handshaking=set() if handshaking is None else handshaking)
    stall = ReadStall(stall_after_bytes)
    counts = RequestCounts()
    camera_clock = clock or SimulatedClock()
    shell = CameraShell(filesystem, throttle, stall, counts, camera_clock)
    host_key = load_or_create_host_key(host_key_file or card_dir.parent / "simulator_host_key")

    def sftp_factory(channel: asyncssh.SSHServerChannel[bytes]) -> CardSftpServer:
        """One read-only SFTP server per session."""
        return CardSftpServer(channel, filesystem, throttle, stall, counts)

    acceptor = await asyncssh.listen(
        host, 0 if link else port,
        server_host_keys=[host_key],
        server_factory=lambda: _CameraLogin(user, password, registry),
        process_factory=shell.handle,
        sftp_factory=sftp_factory if sftp else None,
        encoding=None,
        allow_scp=False,
    )
    slow_link = await SlowLink(host, acceptor.get_port(), link, host, port).start() if link else None
    bound_port = slow_link.port if slow_link else acceptor.get_port()
    log.info("camera simulator listening", host=host, port=bound_port, sftp=sftp, card=str(card_dir),
             link=str(link) if link else "none")
    return RunningSimulator(
        host=host, port=bound_port, user=user, password=SecretStr(password), sd_root=sd_root,
        config_ini=config_ini, host_key=host_key.convert_to_public(), _acceptor=acceptor, _registry=registry,
        _stall=stall, counts=counts, _link=slow_link, clock=camera_clock,
    )
