"""A camera that cannot be reached, refuses the login or stays silent fails with an error a person can act on."""

from __future__ import annotations

from pathlib import Path

import pytest
import structlog
from pydantic import SecretStr

from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.errors import CameraAuthFailed, CameraTimeout, CameraUnreachable
from libs.common.adapters.camera.target import CameraTarget
from tests.camera.conftest import SIM_PASSWORD, ServedCamera, password_target
from tests.camera_pools import camera_pool
from tools.local_servers.ports import free_port

WRONG_PASSWORD = "wrong-secret-9f3a"


async def test_a_wrong_password_is_an_auth_failure_that_never_shows_the_password(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    target = password_target(served_camera.target.port, WRONG_PASSWORD, camera_id="ID-AUTH",
                             pinned=served_camera.target.host_key_fingerprint)
    with structlog.testing.capture_logs() as logs, pytest.raises(CameraAuthFailed) as failure:
        await connections.session(target)
    message = str(failure.value)
    assert "ID-AUTH" in message and "refused the login" in message
    assert WRONG_PASSWORD not in message + repr(failure.value) + repr(target) + repr(logs)


async def test_the_right_password_never_appears_in_logs(
    simulator_sftp: RunningSimulator, connections: CameraConnections
) -> None:
    with structlog.testing.capture_logs() as logs:
        session = await connections.session(simulator_sftp.target("ID-LOGS"))
        await session.list_files()
    assert logs, "connecting should log"
    assert SIM_PASSWORD not in repr(logs) + repr(simulator_sftp.target("ID-LOGS"))


async def test_a_closed_port_is_unreachable(connections: CameraConnections) -> None:
    port = free_port()
    with pytest.raises(CameraUnreachable, match=rf"cannot reach camera ID-CLOSED at 127.0.0.1:{port}"):
        await connections.session(password_target(port, "x", camera_id="ID-CLOSED"))


async def test_a_host_name_that_does_not_resolve_is_unreachable(connections: CameraConnections) -> None:
    target = CameraTarget(camera_id="ID-NONAME", host="nosuchcamera.invalid", password=SecretStr("x"))
    with pytest.raises(CameraUnreachable, match="does not resolve"):
        await connections.session(target)


@pytest.mark.parametrize("host", ["a" * 64 + ".invalid", "cam..invalid", "x" * 300])
async def test_a_host_name_that_is_no_valid_name_is_unreachable_with_the_reason(
    connections: CameraConnections, host: str
) -> None:
    # The gateway refuses such ids up front; a scan message that reaches the collector some other way still fails
    # with a sentence, not an IDNA traceback.
    target = CameraTarget(camera_id="ID-BADNAME", host=host, password=SecretStr("x"))
    with pytest.raises(CameraUnreachable, match=r"is not a valid host name|does not resolve"):
        await connections.session(target)


async def test_a_server_that_never_answers_times_out(silent_server: int, tmp_path: Path) -> None:
    pool = camera_pool(tmp_path, connect_timeout_s=0.5, call_timeout_s=0.5)
    try:
        with pytest.raises(CameraTimeout, match="did not answer in time while connecting"):
            await pool.session(password_target(silent_server, "x", camera_id="ID-SILENT"))
    finally:
        await pool.close()


async def test_a_call_slower_than_its_deadline_times_out(small_card: Path, tmp_path: Path) -> None:
    slow = await start_simulator(small_card, user="qa", password="pw", latency_ms=2_000)
    pool = camera_pool(tmp_path, call_timeout_s=0.3)
    try:
        session = await pool.session(slow.target("ID-SLOW"))
        with pytest.raises(CameraTimeout, match=r"ID-SLOW.*listing"):
            await session.list_files()
    finally:
        await pool.close()
        await slow.close()
