"""Fixtures of the distributed tests: RabbitMQ vhost, SeaweedFS S3, camera simulator, four processes."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.sample_card import PASSWORD, USER
from tests.servers.ports import free_ports
from tests.servers.rabbit import amqp_url, ensure_rabbitmq
from tests.servers.rabbit_vhost import fresh_vhost
from tests.servers.require import require_service
from tests.servers.seaweed import S3Server, SeaweedUnavailable, running_seaweed_s3
from tests.servers.service_processes import ServiceProcesses, running_services
from tools.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI


@pytest.fixture(scope="session")
async def broker_url() -> AsyncIterator[str]:
    """A fresh vhost on the test broker; fails under CI when the broker is missing."""
    url = amqp_url()
    problem = await ensure_rabbitmq(url)
    if problem is not None:
        require_service("RabbitMQ", problem)
    with fresh_vhost(url) as isolated:
        yield isolated


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A real S3 server (SeaweedFS) on free ports; fails under CI when it cannot start."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(running_seaweed_s3(tmp_path_factory.mktemp("weed")))
        except SeaweedUnavailable as exc:
            require_service("S3 (SeaweedFS)", str(exc))
        yield server


@pytest.fixture
def services(broker_url: str, seaweed: S3Server, camera_server: int, tmp_path: Path) -> Iterator[ServiceProcesses]:
    """The four services as processes against RabbitMQ and S3, with CAM01 in the cameras file."""
    cameras = tmp_path / "cameras.ini"
    cameras.write_text(
        f"[CAM01]\nhost = 127.0.0.1\nport = {camera_server}\nuser = {USER}\npassword = {PASSWORD}\n"
        f"model = DomePlus\nconfig_ini = {DEFAULT_CONFIG_INI}\n"
    )
    gateway_port, web_port = free_ports(2)
    env = {
        "SDB_MODE": "distributed",
        "SDB_AMQP_URL": broker_url,
        "SDB_S3_ENDPOINT": seaweed.endpoint,
        "SDB_S3_ACCESS_KEY": seaweed.access_key,
        "SDB_S3_SECRET_KEY": seaweed.secret_key,
        "SDB_S3_BUCKET": f"sdb-{uuid.uuid4().hex[:12]}",
        "SDB_CAMERAS_FILE": str(cameras),
        "SDB_CAMERA_HOST_TEMPLATE": "{id}.invalid",
        "SDB_GATEWAY_PORT": str(gateway_port),
        "SDB_GATEWAY_URL": f"http://127.0.0.1:{gateway_port}",
        "SDB_WEB_PORT": str(web_port),
        "SDB_PREVIEW_FRAMES": "4",
        "SDB_LOG_JSON": "true",
    }
    with running_services(env, tmp_path / "logs") as running:
        yield running
