"""Cameras for the wire-speed bench: the simulator or OpenSSH, each in its own process, behind a camera-like link
(also its own process, so neither side's CPU work disturbs its timing), with server-side request counts."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

from pydantic import SecretStr

from libs.camera_simulator.card_builder import default_config_path
from libs.camera_simulator.link_timing import LinkShape
from libs.camera_simulator.request_counts import RequestCounts
from libs.camera_simulator.server import load_or_create_host_key
from libs.common.adapters.camera.target import CameraTarget
from tests.camera.camera_sshd import running_sshd

REPO = Path(__file__).resolve().parents[1]
USER, PASSWORD = "bench", "bench-camera-pw"


@dataclass
class BenchCamera:
    """How to reach the camera, and (once its block has ended) what it was asked."""

    target: CameraTarget
    counts: Callable[[], RequestCounts]


async def _process_announcing(command: list[str], prefix: str) -> tuple[asyncio.subprocess.Process, int]:
    """Start a process and wait for its '<prefix> host:port ...' line; return it and the port."""
    process = await asyncio.create_subprocess_exec(*command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                                   cwd=REPO)
    assert process.stdout is not None
    line = ""
    while not line.startswith(prefix):  # log lines come first
        line = (await asyncio.wait_for(process.stdout.readline(), 120)).decode()
        if not line:
            raise RuntimeError(f"{command[:3]} exited before listening")
    return process, int(line[len(prefix) :].split()[0].rsplit(":", 1)[1])


async def _stop(process: asyncio.subprocess.Process) -> None:
    """SIGTERM and wait."""
    if process.returncode is None:
        process.terminate()
    await process.wait()


@asynccontextmanager
async def linked(port: int, shape: LinkShape) -> AsyncIterator[int]:
    """The port of a slow-link process in front of `port` (`port` itself on plain loopback)."""
    if not shape.shaped:
        yield port
        return
    command = [sys.executable, "-m", "libs.camera_simulator.slow_link", "--upstream", f"127.0.0.1:{port}",
               "--delay-ms", str(shape.delay_s * 1000), "--rate", str(shape.rate_bytes_per_s)]
    process, link_port = await _process_announcing(command, "slow link on ")
    try:
        yield link_port
    finally:
        await _stop(process)


def _counts_from(path: Path) -> RequestCounts:
    """The counts a simulator wrote on exit."""
    saved = json.loads(path.read_text())
    return RequestCounts(Counter(saved["sftp_opens"]), Counter(saved["sftp_reads"]), saved["exec_commands"])


@asynccontextmanager
async def simulator_camera(card: Path, sftp: bool, shape: LinkShape, work: Path) -> AsyncIterator[BenchCamera]:
    """The camera simulator in its own process serving `card`."""
    counts_file = work / f"counts-{uuid4().hex[:8]}.json"
    host_key = load_or_create_host_key(card.parent / "simulator_host_key")  # the one the process serves
    command = [sys.executable, "-m", "libs.camera_simulator", "--card", str(card), "--user", USER, "--password",
               PASSWORD, "--counts-file", str(counts_file)] + ([] if sftp else ["--no-sftp"])
    process, port = await _process_announcing(command, "camera simulator on ")
    try:
        async with linked(port, shape) as reachable:
            target = CameraTarget(camera_id="BENCHSIM", host="127.0.0.1", port=reachable, user=USER,
                                  password=SecretStr(PASSWORD), config_ini="/etc/camera/camera.ini",
                                  host_key_fingerprint=host_key.get_fingerprint("sha256"))
            yield BenchCamera(target, lambda: _counts_from(counts_file))
    finally:
        await _stop(process)


@asynccontextmanager
async def sshd_camera(card: Path, sftp: bool, shape: LinkShape, work: Path) -> AsyncIterator[BenchCamera]:
    """Debian's OpenSSH sshd serving `card` from the local file system, sftp-server logging each request."""
    folder = work / f"sshd-{'sftp' if sftp else 'exec'}-{uuid4().hex[:8]}"
    with running_sshd(folder, sftp=sftp) as sshd:
        async with linked(sshd.port, shape) as reachable:
            target = CameraTarget(camera_id="BENCHSSHD", host="127.0.0.1", port=reachable, user=sshd.user,
                                  key_file=str(sshd.client_key), sd_root=str(card),
                                  config_ini=str(default_config_path(card)),
                                  host_key_fingerprint=sshd.host_key_fingerprint)
            yield BenchCamera(target, sshd.counts)


CAMERAS = {"simulator": simulator_camera, "OpenSSH": sshd_camera}
