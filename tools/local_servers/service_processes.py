"""Start the four services as separate processes (python -m services.X), optionally supervised, and stop them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tools.local_servers.polling import wait_until
from tools.local_servers.supervisor import Supervisor

REPO = Path(__file__).resolve().parents[2]


@dataclass
class ServiceProcesses:
    """The running processes by name, their logs, and the web and gateway addresses."""

    web_url: str
    gateway_url: str
    logs: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    supervisor: Supervisor | None = None
    _commands: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    def start(self, name: str, module: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start one service process with its output appended to logs/<name>.log."""
        with (self.logs / f"{name}.log").open("ab") as log:
            process = subprocess.Popen([sys.executable, "-m", module], cwd=REPO, env=env, stdout=log,
                                       stderr=subprocess.STDOUT)
        self.processes[name] = process
        self._commands[name] = (module, env)
        return process

    def start_another(self, name: str, like: str) -> subprocess.Popen[bytes]:
        """Start one more process of the service `like` runs (a second collector), with its environment."""
        return self.start(name, *self._commands[like])

    def stop(self, name: str) -> None:
        """Stop one service process (SIGTERM) and wait for it to exit."""
        self.processes[name].send_signal(signal.SIGTERM)
        self.processes[name].wait(timeout=15)

    def restart(self, name: str) -> None:
        """Start the named service again with the module and environment it first had."""
        self.processes[name].wait()
        self.start(name, *self._commands[name])

    def exit_codes(self) -> dict[str, int | None]:
        """Each service's exit code, None while it runs."""
        return {name: process.poll() for name, process in list(self.processes.items())}

    def log_text(self) -> str:
        """Every service's log, for assertion messages and secret checks."""
        return "\n".join(f"== {path.name}\n{path.read_text(errors='replace')}" for path in sorted(self.logs.iterdir()))


def _healthy(url: str) -> bool:
    """Whether a URL answers 200."""
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def expected_consumers(thumbnailers: int) -> dict[str, str]:
    """The settings that tell the gateway's health how many consumers this stack runs per work queue."""
    count = str(thumbnailers)
    return {"SDB_EXPECTED_COLLECTORS": "1", "SDB_EXPECTED_THUMBNAILERS": count, "SDB_EXPECTED_RENDERERS": count}


@contextlib.contextmanager
def running_services(env: dict[str, str], logs: Path, thumbnailers: int = 2, restart: bool = False,
                     on_give_up: Callable[[str], None] | None = None) -> Iterator[ServiceProcesses]:
    """Gateway, collector, N thumbnailers and web, each its own process; waits for health.

    restart: a service that dies is started again (logged with its name); one that keeps dying makes the
    supervisor give up and call on_give_up with the reason (`make up-distributed` then exits naming it).
    """
    logs.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **expected_consumers(thumbnailers), **env}
    services = ServiceProcesses(f"http://127.0.0.1:{env['SDB_WEB_PORT']}", env["SDB_GATEWAY_URL"], logs)
    try:
        services.start("gateway", "services.gateway", full_env)
        services.start("collector", "services.collector", full_env)
        for number in range(thumbnailers):
            services.start(f"thumbnailer-{number}", "services.thumbnailer", full_env)
        services.start("web", "services.web", full_env)
        gateway = f"{services.gateway_url}/api/v1/health"
        wait_until(lambda: _healthy(gateway), 60, f"the gateway health check\n{services.log_text()}")
        wait_until(lambda: _healthy(f"{services.web_url}/healthz"), 60, "the web service")
        if restart:
            services.supervisor = Supervisor(services, on_give_up)
            services.supervisor.start()
        yield services
    finally:
        if services.supervisor is not None:
            services.supervisor.stop()
        for process in services.processes.values():
            process.send_signal(signal.SIGTERM)
        for process in services.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
