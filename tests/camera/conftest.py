"""Fixtures of the camera client tests: one small card served by the simulator and by OpenSSH, both ways."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pydantic import SecretStr

from libs.camera_simulator.card_builder import build_card, default_config_path
from libs.camera_simulator.request_counts import RequestCounts
from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.target import CameraTarget
from tests.camera.camera_dropbear import running_dropbear
from tests.camera.camera_sshd import RunningSshd, running_sshd
from tests.camera_pools import camera_pool

CARD_DAY = date(2026, 11, 20)
SIM_USER, SIM_PASSWORD = "qa", "pw-never-logged-7"


@dataclass(frozen=True)
class ServedCamera:
    """A camera under test: how to reach it, what it serves locally, which transport it must pick, and what it
    was asked so far, counted on the server side."""

    name: str
    target: CameraTarget
    card_dir: Path
    config_file: Path
    transport: str
    counts: Callable[[], RequestCounts]


@pytest.fixture(scope="session")
def small_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two hours of four 3 s clips each, plus power-cut leftovers and a config ini."""
    card = tmp_path_factory.mktemp("camera-card") / "sdcard"
    return build_card(card, days=[CARD_DAY], hours=[1, 2], clips_per_hour=4, clip_seconds=3.0, width=320,
                      height=180, fps=10, bitrate_kbps=200)


async def _simulated(card: Path, *, sftp: bool) -> AsyncIterator[RunningSimulator]:
    """Run a simulator over `card` until the session ends."""
    async with await start_simulator(card, user=SIM_USER, password=SIM_PASSWORD, sftp=sftp) as simulator:
        yield simulator


@pytest.fixture(scope="session")
async def simulator_sftp(small_card: Path) -> AsyncIterator[RunningSimulator]:
    """The simulator with SFTP."""
    async for simulator in _simulated(small_card, sftp=True):
        yield simulator


@pytest.fixture(scope="session")
async def simulator_exec(small_card: Path) -> AsyncIterator[RunningSimulator]:
    """The simulator without SFTP (shell commands only, like BusyBox/dropbear)."""
    async for simulator in _simulated(small_card, sftp=False):
        yield simulator


def sshd_camera(name: str, card: Path, sshd: RunningSshd) -> ServedCamera:
    """OpenSSH serving the card straight from the local file system (sd_root = the card folder)."""
    target = CameraTarget(
        camera_id=name.upper(), host="127.0.0.1", port=sshd.port, user=sshd.user, key_file=str(sshd.client_key),
        sd_root=str(card), config_ini=str(default_config_path(card)), host_key_fingerprint=sshd.host_key_fingerprint,
    )
    return ServedCamera(name, target, card, default_config_path(card), sshd.transport, sshd.counts)


def _sshd_camera(name: str, card: Path, folder: Path, *, sftp: bool) -> Iterator[ServedCamera]:
    """An sshd over the card for the length of a fixture."""
    with running_sshd(folder, sftp=sftp) as sshd:
        yield sshd_camera(name, card, sshd)


@pytest.fixture(scope="session")
def sshd_sftp(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedCamera]:
    """OpenSSH with `Subsystem sftp`."""
    yield from _sshd_camera("sshd-sftp", small_card, tmp_path_factory.mktemp("sshd-sftp"), sftp=True)


@pytest.fixture(scope="session")
def dropbear_exec(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedCamera]:
    """Debian's dropbear with only an ed25519 host key and a BusyBox-only login shell: shell commands only."""
    yield from _dropbear_camera("dropbear-exec", small_card, tmp_path_factory.mktemp("dropbear"), sftp=False)


@pytest.fixture(scope="session")
def dropbear_sftp(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedCamera]:
    """The same dropbear with OpenSSH's sftp-server as its SFTP subsystem."""
    yield from _dropbear_camera("dropbear-sftp", small_card, tmp_path_factory.mktemp("dropbear-sftp"), sftp=True)


def _dropbear_camera(name: str, card: Path, folder: Path, *, sftp: bool) -> Iterator[ServedCamera]:
    """A dropbear over the card for the length of a fixture."""
    with running_dropbear(folder / "server", sftp=sftp) as dropbear:
        target = CameraTarget(
            camera_id=name.upper(), host="127.0.0.1", port=dropbear.port, user=dropbear.user,
            key_file=str(dropbear.client_key), sd_root=str(card), config_ini=str(default_config_path(card)),
            host_key_fingerprint=dropbear.host_key_fingerprint,
        )
        yield ServedCamera(name, target, card, default_config_path(card), "sftp" if sftp else "exec", RequestCounts)


@pytest.fixture(scope="session")
def sshd_exec(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedCamera]:
    """OpenSSH without an SFTP subsystem: the client must fall back to dd/find/df/cat."""
    yield from _sshd_camera("sshd-exec", small_card, tmp_path_factory.mktemp("sshd-exec"), sftp=False)


def simulated_camera(name: str, simulator: RunningSimulator, card: Path, transport: str) -> ServedCamera:
    """The ServedCamera view of a running simulator."""
    return ServedCamera(name, simulator.target(name.upper()), card, default_config_path(card), transport,
                        lambda: simulator.counts)


@pytest.fixture(params=["simulator-sftp", "simulator-exec", "sshd-sftp", "sshd-exec"])
def served_camera(request: pytest.FixtureRequest, small_card: Path) -> ServedCamera:
    """Each test runs against the simulator and OpenSSH, with and without SFTP."""
    name: str = request.param
    if name.startswith("sshd"):
        served: ServedCamera = request.getfixturevalue(name.replace("-", "_"))
        return served
    simulator: RunningSimulator = request.getfixturevalue(name.replace("-", "_"))
    return simulated_camera(name, simulator, small_card, name.split("-")[1])


@pytest.fixture
async def connections(tmp_path: Path) -> AsyncIterator[CameraConnections]:
    """A fresh pool with short deadlines and its own trust store, closed after the test."""
    pool = camera_pool(tmp_path)
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections (kernel backlog) but never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def password_target(port: int, password: str, camera_id: str = "ID-WRONGPW",
                    pinned: str | None = None) -> CameraTarget:
    """A target on loopback `port` logging in as the simulator user with `password`, host key `pinned`."""
    return CameraTarget(camera_id=camera_id, host="127.0.0.1", port=port, user=SIM_USER,
                        password=SecretStr(password), host_key_fingerprint=pinned)
