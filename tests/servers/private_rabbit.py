"""A RabbitMQ node of a test's own (rabbitmq-server on free ports), so stopping it disturbs no other test."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tools.local_servers.polling import wait_until
from tools.local_servers.ports import free_ports


class PrivateRabbitUnavailable(RuntimeError):
    """rabbitmq-server/rabbitmqctl are missing or the private node did not come up."""


@dataclass(frozen=True)
class PrivateRabbit:
    """A running private node: its AMQP URL and Erlang node name."""

    url: str
    node: str
    port: int

    def stop_app(self) -> None:
        """Stop the RabbitMQ application (the Erlang node stays up): every client connection is closed."""
        _ctl("-n", self.node, "stop_app")

    def start_app(self, timeout_s: float = 60.0) -> None:
        """Start the application again and wait until it accepts AMQP connections."""
        _ctl("-n", self.node, "start_app")
        wait_until(lambda: _listening(self.port), timeout_s, f"RabbitMQ node {self.node} to answer again",
                   interval_s=0.2)


@contextlib.contextmanager
def private_rabbitmq(startup_timeout_s: float = 90.0) -> Iterator[PrivateRabbit]:
    """Start `rabbitmq-server -detached` as its own node with data in a temp folder; stop and delete it after."""
    if shutil.which("rabbitmq-server") is None or shutil.which("rabbitmqctl") is None:
        raise PrivateRabbitUnavailable("rabbitmq-server and rabbitmqctl are not on PATH")
    amqp_port, dist_port = free_ports(2)
    node = f"sdb-fault-{amqp_port}@localhost"
    workdir = Path(tempfile.mkdtemp(prefix="sdb-rabbit-"))
    config = workdir / "rabbitmq.conf"
    config.write_text(f"listeners.tcp.default = 127.0.0.1:{amqp_port}\n")
    (workdir / "enabled_plugins").write_text("[].\n")
    if os.geteuid() == 0:  # the Debian wrapper runs the node as the rabbitmq user
        for path in (workdir, config, workdir / "enabled_plugins"):
            shutil.chown(path, "rabbitmq")
    env = {
        **os.environ, "RABBITMQ_NODENAME": node, "RABBITMQ_NODE_PORT": str(amqp_port),
        "RABBITMQ_DIST_PORT": str(dist_port), "RABBITMQ_CONFIG_FILE": str(config),
        "RABBITMQ_MNESIA_BASE": str(workdir / "mnesia"), "RABBITMQ_LOG_BASE": str(workdir / "log"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(workdir / "enabled_plugins"), "RABBITMQ_PID_FILE": str(workdir / "pid"),
    }  # fmt: skip
    subprocess.run(["rabbitmq-server", "-detached"], env=env, check=False, capture_output=True, timeout=60)
    rabbit = PrivateRabbit(f"amqp://guest:guest@127.0.0.1:{amqp_port}/", node, amqp_port)
    try:
        try:
            wait_until(lambda: _listening(amqp_port), startup_timeout_s, f"RabbitMQ node {node}",
                       interval_s=0.2)
        except TimeoutError as exc:
            logs = "\n".join(path.read_text(errors="replace")[-1500:] for path in (workdir / "log").glob("*.log"))
            raise PrivateRabbitUnavailable(f"{exc}\n{logs}") from exc
        yield rabbit
    finally:
        subprocess.run(["rabbitmqctl", "-n", node, "stop"], check=False, capture_output=True, timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)


def _ctl(*args: str) -> None:
    """Run rabbitmqctl, failing loudly."""
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


def _listening(port: int) -> bool:
    """Whether the node's AMQP listener accepts a TCP connection (it opens last, once the broker is ready)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True
