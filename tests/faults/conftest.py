"""Fixtures of the fault tests: the four services as processes on their own vhost and bucket, started per test."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from libs.common.adapters.store.s3 import S3Store
from tests.sample_card import PASSWORD, SAMPLE_FINGERPRINT, USER
from tests.servers.rabbit_vhost import fresh_vhost
from tools.local_servers.ports import free_ports
from tools.local_servers.seaweed import S3Server
from tools.local_servers.service_processes import ServiceProcesses, running_services


@dataclass
class FaultStack:
    """Running services plus what a test needs to poke at their broker and store directly."""

    services: ServiceProcesses
    amqp_url: str
    s3: S3Server
    bucket: str
    gateway_url: str

    def store(self) -> S3Store:
        """A client on the services' bucket (call start() before use)."""
        return S3Store(self.s3.endpoint, self.s3.access_key, self.s3.secret_key, self.bucket)


StackFactory = Callable[..., AbstractContextManager[FaultStack]]


@pytest.fixture
def fault_stack(rabbitmq_url: str, s3_server: S3Server, camera_server: int, tmp_path: Path) -> StackFactory:
    """Start the services against a fresh vhost and bucket, CAM01 on the sample camera; extra env per test."""

    @contextlib.contextmanager
    def start(thumbnailers: int = 2, s3: S3Server | None = None, camera_port: int | None = None,
              amqp: str | None = None, **extra_env: str) -> Iterator[FaultStack]:
        """s3, camera_port and amqp replace the suite's S3 server, sample camera and broker vhost for tests
        that stop or slow them."""
        s3_server_used = s3 or s3_server
        cameras = tmp_path / "cameras.ini"
        cameras.write_text(
            f"[CAM01]\nhost = 127.0.0.1\nport = {camera_port or camera_server}\nuser = {USER}\npassword = {PASSWORD}\n"
            f"model = DomePlus\nconfig_ini = {DEFAULT_CONFIG_INI}\nhost_key_fingerprint = {SAMPLE_FINGERPRINT}\n"
        )
        gateway_port, web_port = free_ports(2)
        bucket = f"sdb-{uuid.uuid4().hex[:12]}"
        with contextlib.nullcontext(amqp) if amqp else fresh_vhost(rabbitmq_url) as amqp_url:
            env = {
                "SDB_MODE": "distributed", "SDB_AMQP_URL": amqp_url, "SDB_S3_ENDPOINT": s3_server_used.endpoint,
                "SDB_S3_ACCESS_KEY": s3_server_used.access_key, "SDB_S3_SECRET_KEY": s3_server_used.secret_key,
                "SDB_S3_BUCKET": bucket, "SDB_CAMERAS_FILE": str(cameras),
                "SDB_CAMERA_HOST_TEMPLATE": "{id}.invalid", "SDB_GATEWAY_PORT": str(gateway_port),
                "SDB_GATEWAY_URL": f"http://127.0.0.1:{gateway_port}", "SDB_WEB_PORT": str(web_port),
                "SDB_PREVIEW_FRAMES": "4", "SDB_LOG_JSON": "true", "SDB_DATA_DIR": str(tmp_path / "data"),
                **extra_env,
            }
            with running_services(env, tmp_path / "logs", thumbnailers=thumbnailers) as services:
                yield FaultStack(services, amqp_url, s3_server_used, bucket, env["SDB_GATEWAY_URL"])

    return start
