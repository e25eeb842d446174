"""A dropbear camera whose only host key is ed25519, with a BusyBox-only shell, connects and reads the card like
OpenSSH does (asyncssh's own algorithm order starts with RSA, which that dropbear cannot serve: the key exchange
aborts with `Failed assertion (rsa.c:164)`), at the default parallelism: Debian's 2022.83 fails or aborts
(`Failed assertion (common-channel.c:705)`) when exec channels overlap, so the link gives it one at a time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncssh
import pytest
import structlog

from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.session import CameraSession
from libs.common.adapters.camera.target import CameraTarget
from libs.common.contracts.settings import Settings
from tests.camera.collector_scan import CollectorScans, local_scan
from tests.camera.conftest import ServedCamera
from tests.camera.test_camera_card_access import first_clip, local_listing
from tests.camera_pools import camera_pool

DEFAULT_PARALLEL = Settings.model_fields["camera_max_parallel"].default
RETRY = "camera call failed, reconnecting for one retry"
RAW_CHANNELS, RAW_CALLS = 8, 4000  # measured: 8 fail within the first hundred calls, 2 within a few hundred


async def test_the_key_exchange_fails_with_asyncssh_defaults_so_the_test_camera_is_the_real_problem(
    dropbear_exec: ServedCamera
) -> None:
    target = dropbear_exec.target
    with pytest.raises((asyncssh.ConnectionLost, asyncssh.DisconnectError)):
        await asyncssh.get_server_host_key(target.host, target.port)


async def test_dropbear_with_only_an_ed25519_key_connects_over_shell_commands_with_its_key_checked(
    dropbear_exec: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(dropbear_exec.target)
    assert session.transport == "exec"
    files = await session.list_files()
    assert {remote.path: (remote.size, remote.mtime) for remote in files} == local_listing(dropbear_exec.card_dir)
    presented = await connections.host_key_probe.presented(dropbear_exec.target)
    assert presented.algorithm == "ssh-ed25519" and presented.source == "pinned"


async def test_busybox_dd_reads_the_same_bytes_as_the_file(
    dropbear_exec: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(dropbear_exec.target)
    clip = first_clip(dropbear_exec.card_dir)
    data = (dropbear_exec.card_dir / clip).read_bytes()
    async with session.open_clip(clip) as opened:
        pieces = await opened.read_ranges([(0, 100), (5000, 3000), (len(data) - 64, 64)])
    assert pieces == [data[:100], data[5000:8000], data[-64:]]


async def test_a_collector_scan_through_dropbear_and_busybox_at_the_default_parallelism_matches_the_local_files(
    dropbear_exec: ServedCamera, tmp_path: Path
) -> None:
    async with _logged_pool(tmp_path, DEFAULT_PARALLEL) as (connections, logs):
        scanned = await CollectorScans(connections, dropbear_exec.target, tmp_path / "camera").scan()
    expected = await local_scan(dropbear_exec.card_dir, tmp_path / "local")
    assert scanned.outcomes() == expected.outcomes()
    assert _one_connection_and_no_retry(logs)


async def test_this_dropbear_fails_overlapping_exec_channels_so_the_limit_is_needed(
    dropbear_exec: ServedCamera
) -> None:
    target = dropbear_exec.target
    assert target.key_file is not None
    async with asyncssh.connect(target.host, target.port, username=target.user, client_keys=[target.key_file],
                                known_hosts=None, server_host_key_algs=["ssh-ed25519"], agent_path=None,
                                config=None) as connection:
        assert connection.get_extra_info("server_version") == "SSH-2.0-dropbear_2022.83"
        calls_left = [RAW_CALLS]
        failures: list[Exception] = []

        async def back_to_back() -> None:
            while calls_left[0] > 0 and not failures:
                calls_left[0] -= 1
                try:
                    await connection.run("echo hi", check=True)
                except (asyncssh.Error, OSError) as failure:  # a refused session, or the connection aborted
                    failures.append(failure)

        await asyncio.gather(*(back_to_back() for _ in range(RAW_CHANNELS)))
    assert failures, f"{RAW_CALLS} exec calls, {RAW_CHANNELS} at a time, all succeeded: is the limit still needed?"


async def test_many_commands_at_once_through_the_adapter_all_succeed_on_one_connection(
    dropbear_exec: ServedCamera, tmp_path: Path
) -> None:
    async with _logged_session(dropbear_exec.target, tmp_path, DEFAULT_PARALLEL) as (session, logs):
        outputs = await asyncio.gather(*(session.command_output(["echo", str(call)]) for call in range(200)))
        usages = await asyncio.gather(*(session.disk_usage() for _ in range(DEFAULT_PARALLEL)))
    assert outputs == [(f"{call}\n", False) for call in range(200)]
    assert len({usage.total_bytes for usage in usages}) == 1
    assert _one_connection_and_no_retry(logs)


async def test_the_limit_is_logged_once_per_connection_without_credentials(
    dropbear_exec: ServedCamera, tmp_path: Path
) -> None:
    async with _logged_session(dropbear_exec.target, tmp_path) as (session, logs):
        await asyncio.gather(*(session.command_output(["true"]) for _ in range(10)))
    limited = [event for event in logs if event["event"] == "camera exec channels limited, its scans are slower"]
    assert len(limited) == 1
    assert {key: limited[0][key] for key in ("camera_id", "server", "exec_channels")} == {
        "camera_id": "DROPBEAR-EXEC", "server": "dropbear_2022.83", "exec_channels": 1}
    assert "2022.83" in limited[0]["reason"] and "2024.86" in limited[0]["reason"]
    assert dropbear_exec.target.key_file is not None
    assert Path(dropbear_exec.target.key_file).read_text().splitlines()[1] not in repr(logs)


async def test_dropbear_with_sftp_reads_over_sftp_and_runs_its_commands_one_at_a_time(
    dropbear_sftp: ServedCamera, tmp_path: Path
) -> None:
    async with _logged_session(dropbear_sftp.target, tmp_path, DEFAULT_PARALLEL) as (session, logs):
        assert session.transport == "sftp"
        files, outputs = await asyncio.gather(
            session.list_files(), asyncio.gather(*(session.command_output(["echo", "hi"]) for _ in range(50))))
    assert {remote.path: (remote.size, remote.mtime) for remote in files} == local_listing(dropbear_sftp.card_dir)
    assert outputs == [("hi\n", False)] * 50
    assert _events(logs, "camera exec channels limited, its scans are slower") == 1
    assert _one_connection_and_no_retry(logs)


async def test_openssh_without_sftp_keeps_its_parallel_commands(sshd_exec: ServedCamera, tmp_path: Path) -> None:
    async with _logged_session(sshd_exec.target, tmp_path) as (session, logs):
        await asyncio.gather(*(session.command_output(["true"]) for _ in range(4)))
    assert _events(logs, "camera connected") == 1
    assert _events(logs, "camera exec channels limited, its scans are slower") == 0


@contextlib.asynccontextmanager
async def _logged_pool(tmp_path: Path, max_parallel: int = 4
                       ) -> AsyncIterator[tuple[CameraConnections, list[dict[str, Any]]]]:
    """A camera pool and the log lines captured while it is open."""
    connections = camera_pool(tmp_path, max_parallel=max_parallel)
    try:
        with structlog.testing.capture_logs() as logs:
            yield connections, logs
    finally:
        await connections.close()


@contextlib.asynccontextmanager
async def _logged_session(target: CameraTarget, tmp_path: Path, max_parallel: int = 4
                          ) -> AsyncIterator[tuple[CameraSession, list[dict[str, Any]]]]:
    """A session with `target` from a fresh pool, and the log lines captured while it is open."""
    async with _logged_pool(tmp_path, max_parallel) as (connections, logs):
        yield await connections.session(target), logs


def _events(logs: list[dict[str, Any]], event: str) -> int:
    """How many captured log lines are `event`."""
    return sum(1 for line in logs if line["event"] == event)


def _one_connection_and_no_retry(logs: list[dict[str, Any]]) -> bool:
    """Whether the calls all ran on the first connection (a retry would hide a connection the server dropped)."""
    return _events(logs, "camera connected") == 1 and _events(logs, RETRY) == 0
