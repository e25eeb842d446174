"""A dropbear camera whose only host key is ed25519, with a BusyBox-only shell, connects and reads the card like
OpenSSH does (asyncssh's own algorithm order starts with RSA, which that dropbear cannot serve: the key exchange
aborts with `Failed assertion (rsa.c:164)`)."""

from __future__ import annotations

from pathlib import Path

import asyncssh
import pytest

from libs.common.adapters.camera.connections import CameraConnections
from tests.camera.collector_scan import CollectorScans, local_scan
from tests.camera.conftest import ServedCamera
from tests.camera.test_camera_card_access import first_clip, local_listing
from tests.camera_pools import camera_pool


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


async def test_a_collector_scan_through_dropbear_and_busybox_matches_the_local_files(
    dropbear_exec: ServedCamera, tmp_path: Path
) -> None:
    # One call at a time: dropbear 2022.83 aborts the connection (`Failed assertion (common-channel.c:705)`) when
    # several exec channels end at about the same moment, whatever the client (see the report).
    connections = camera_pool(tmp_path, max_parallel=1)
    try:
        scanned = await CollectorScans(connections, dropbear_exec.target, tmp_path / "camera").scan()
    finally:
        await connections.close()
    expected = await local_scan(dropbear_exec.card_dir, tmp_path / "local")
    assert scanned.outcomes() == expected.outcomes()
