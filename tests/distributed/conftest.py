"""Fixtures of the distributed tests: RabbitMQ vhost, SeaweedFS S3, camera simulator, four processes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from tests.sample_card import PASSWORD, USER
from tests.servers.rabbit_vhost import fresh_vhost
from tools.local_servers.ports import free_ports
from tools.local_servers.seaweed import S3Server
from tools.local_servers.service_processes import ServiceProcesses, running_services


@pytest.fixture(scope="session")
def broker_url(rabbitmq_url: str) -> Iterator[str]:
    """A fresh vhost on the test broker, so no other run's queues interfere."""
    with fresh_vhost(rabbitmq_url) as isolated:
        yield isolated


@pytest.fixture
def services(broker_url: str, s3_server: S3Server, camera_server: int, tmp_path: Path) -> Iterator[ServiceProcesses]:
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
    }
    with running_services(env, tmp_path / "logs") as running:
        yield running
