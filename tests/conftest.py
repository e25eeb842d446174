"""Suite-wide fixtures: the small simulated card, an SSH camera serving it, the broker and an S3 server."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest

from libs.camera_simulator.server import start_simulator
from libs.common.adapters.broker.amqp_url import masked_url
from libs.common.adapters.camera.target import CameraTarget
from services.embedded.system import EmbeddedSystem
from tests.embedded_system import EmbeddedFactory, running_system
from tests.sample_card import PASSWORD, USER, build_small_card
from tests.servers.rabbit import amqp_url, ensure_rabbitmq
from tests.servers.require import require_service
from tools.local_servers.seaweed import S3Server, SeaweedUnavailable, running_seaweed_s3


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the files holding a `long(seconds=N)` test first, longest first (stable otherwise): under pytest-xdist's
    loadfile scheduling a long file that came last in the alphabet kept one worker busy minutes after the others
    had run out of files."""
    seconds: dict[Path, float] = {}
    for item in items:
        if (marker := item.get_closest_marker("long")) is not None:
            seconds[item.path] = seconds.get(item.path, 0.0) + float(marker.kwargs.get("seconds", 10))
    items.sort(key=lambda item: -seconds.get(item.path, 0.0))


@pytest.fixture(scope="session")
def small_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample card, built once per session."""
    return build_small_card(tmp_path_factory.mktemp("card") / "sdcard")


@pytest.fixture
async def camera_server(small_card: Path) -> AsyncIterator[int]:
    """The sample card served over SSH/SFTP with password auth; yields the port."""
    async with await start_simulator(small_card, port=0, user=USER, password=PASSWORD) as simulator:
        yield simulator.port


@pytest.fixture(scope="session")
async def rabbitmq_url() -> str:
    """The test broker's URL; skips (fails under CI) when no broker answers."""
    url = amqp_url()
    problem = await ensure_rabbitmq(url)
    if problem is not None:
        require_service("RabbitMQ", f"{masked_url(url)}: {problem}")
    return url


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """One SeaweedFS S3 server for the session; skips (fails under CI) when it cannot start."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(running_seaweed_s3(tmp_path_factory.mktemp("seaweed")))
        except SeaweedUnavailable as exc:
            require_service("S3 (SeaweedFS)", str(exc))
        yield server


@pytest.fixture
def make_embedded(tmp_path: Path) -> EmbeddedFactory:
    """Start the embedded product over tmp_path/data (data_dir= to change it) with settings overrides:
    `async with make_embedded([camera_target(port)], preview_frames=2) as system: ...`."""

    def build(cameras: Sequence[CameraTarget] = (), *, data_dir: Path | None = None,
              **overrides: Any) -> AbstractAsyncContextManager[EmbeddedSystem]:
        return running_system(data_dir or tmp_path / "data", cameras, **overrides)

    return build
