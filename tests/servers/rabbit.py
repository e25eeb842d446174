"""Find the RabbitMQ broker tests use (SDB_AMQP_URL), starting the local one if it is down."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from urllib.parse import urlsplit

import aio_pika
from aio_pika.exceptions import CONNECTION_EXCEPTIONS

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1/"
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def amqp_url() -> str:
    """The broker URL for tests: SDB_AMQP_URL, else the local guest broker."""
    return os.environ.get("SDB_AMQP_URL", DEFAULT_AMQP_URL)


async def broker_answers(url: str, timeout_s: float = 3.0) -> str | None:
    """None when an AMQP connection opens, else why not."""
    try:
        connection = await aio_pika.connect(url, timeout=timeout_s)
    except (*CONNECTION_EXCEPTIONS, TimeoutError) as exc:
        return f"{type(exc).__name__}: {exc}"
    await connection.close()
    return None


async def ensure_rabbitmq(url: str, startup_timeout_s: float = 60.0) -> str | None:
    """None once the broker answers; if a local broker is down, run `rabbitmq-server -detached` and wait.

    Returns why the broker is unavailable otherwise.
    """
    problem = await broker_answers(url)
    if problem is None:
        return None
    if urlsplit(url).hostname not in _LOCAL_HOSTS:
        return problem
    server = shutil.which("rabbitmq-server")
    if server is None:
        return f"{problem}; and no rabbitmq-server on PATH to start"
    subprocess.run([server, "-detached"], check=False, capture_output=True, timeout=30)
    deadline = time.monotonic() + startup_timeout_s
    while (problem := await broker_answers(url)) is not None:
        if time.monotonic() > deadline:
            return f"started rabbitmq-server but it did not answer within {startup_timeout_s}s: {problem}"
        await asyncio.sleep(0.5)
    return None


def drop_connections_named(connection_name: str) -> int:
    """Make the local broker close every connection with this client connection_name (a network fault).

    Needs rabbitmqctl (the broker on this machine); returns how many connections were closed.
    """
    ports = {
        connection["peer_port"]
        for connection in json.loads(
            _rabbitmqctl("list_connections", "peer_port", "client_properties", "--formatter", "json") or "[]"
        )
        if {entry[0]: entry[-1] for entry in connection["client_properties"]}.get("connection_name") == connection_name
    }
    # JSON shows pids relative to the CLI node; the plain listing gives the form close_connection accepts.
    pids = [
        pid
        for pid, port in (
            line.split("\t")
            for line in _rabbitmqctl("list_connections", "-q", "--no-table-headers", "pid", "peer_port").splitlines()
            if line
        )
        if int(port) in ports
    ]
    for pid in pids:
        _rabbitmqctl("close_connection", pid, "test: simulated network fault")
    return len(pids)


def _rabbitmqctl(*args: str) -> str:
    """Run rabbitmqctl and return its output."""
    return subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, text=True, timeout=30).stdout
