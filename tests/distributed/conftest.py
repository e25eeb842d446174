"""Fixtures of the distributed tests: RabbitMQ vhost, SeaweedFS S3, camera simulator, four processes."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from tests.sample_card import PASSWORD, SAMPLE_FINGERPRINT, USER
from tests.servers.rabbit_vhost import fresh_vhost
from tools.local_servers.ports import free_ports
from tools.local_servers.seaweed import S3Server
from tools.local_servers.service_processes import ServiceProcesses, running_services

ServicesFactory = Callable[..., AbstractContextManager[ServiceProcesses]]


@pytest.fixture(scope="session")
def broker_url(rabbitmq_url: str) -> Iterator[str]:
    """A fresh vhost on the test broker, so no other run's queues interfere."""
    with fresh_vhost(rabbitmq_url) as isolated:
        yield isolated


@pytest.fixture
def services_on(broker_url: str, s3_server: S3Server, tmp_path: Path) -> ServicesFactory:
    """Start the four services as processes against RabbitMQ and S3, CAM01 in the cameras file on camera_port."""

    @contextlib.contextmanager
    def start(camera_port: int, thumbnailers: int = 2, restart: bool = False,
              pinned: str | None = SAMPLE_FINGERPRINT, **extra_env: str) -> Iterator[ServiceProcesses]:
        """The running services; restart=True supervises them as `make up-distributed` does; CAM01's host key is
        pinned to `pinned` (None: not pinned)."""
        cameras = tmp_path / "cameras.ini"
        cameras.write_text(
            f"[CAM01]\nhost = 127.0.0.1\nport = {camera_port}\nuser = {USER}\npassword = {PASSWORD}\n"
            f"model = DomePlus\nconfig_ini = {DEFAULT_CONFIG_INI}\n"
            + (f"host_key_fingerprint = {pinned}\n" if pinned else "")
        )
        gateway_port, web_port = free_ports(2)
        env = {
            "SDB_MODE": "distributed",
            "SDB_AMQP_URL": broker_url,
            "SDB_S3_ENDPOINT": s3_server.endpoint,
            "SDB_S3_ACCESS_KEY": s3_server.access_key,
            "SDB_S3_SECRET_KEY": s3_server.secret_key,
            "SDB_S3_BUCKET": f"sdb-{uuid.uuid4().hex[:12]}",
            "SDB_CAMERAS_FILE": str(cameras),
            "SDB_CAMERA_HOST_TEMPLATE": "{id}.invalid",
            "SDB_GATEWAY_PORT": str(gateway_port),
            "SDB_GATEWAY_URL": f"http://127.0.0.1:{gateway_port}",
            "SDB_WEB_PORT": str(web_port),
            "SDB_PREVIEW_FRAMES": "4",
            "SDB_LOG_JSON": "true",
            "SDB_DATA_DIR": str(tmp_path / "data"),
            **extra_env,
        }
        with running_services(env, tmp_path / "logs", thumbnailers=thumbnailers, restart=restart) as running:
            yield running

    return start


@pytest.fixture
def services(services_on: ServicesFactory, camera_server: int) -> Iterator[ServiceProcesses]:
    """The four services as processes against RabbitMQ and S3, with CAM01 on the sample camera."""
    with services_on(camera_server) as running:
        yield running
