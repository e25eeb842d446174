"""Start the four services as separate processes (python -m services.X) and stop them afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tools.local_servers.polling import wait_until

REPO = Path(__file__).resolve().parents[2]


@dataclass
class ServiceProcesses:
    """The running processes by name, their logs, and the web address."""

    web_url: str
    logs: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, module: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start one service process with its output in logs/<name>.log."""
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen([sys.executable, "-m", module], cwd=REPO, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        self.processes[name] = process
        return process

    def log_text(self) -> str:
        """Every service's log, for assertion messages and secret checks."""
        return "\n".join(f"== {path.name}\n{path.read_text(errors='replace')}" for path in sorted(self.logs.iterdir()))


def _healthy(url: str) -> bool:
    """Whether a URL answers 200."""
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def running_services(env: dict[str, str], logs: Path, thumbnailers: int = 2) -> Iterator[ServiceProcesses]:
    """Gateway, collector, N thumbnailers and web, each its own process; waits for health."""
    logs.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **env}
    services = ServiceProcesses(f"http://127.0.0.1:{env['SDB_WEB_PORT']}", logs)
    try:
        services.start("gateway", "services.gateway", full_env)
        services.start("collector", "services.collector", full_env)
        for number in range(thumbnailers):
            services.start(f"thumbnailer-{number}", "services.thumbnailer", full_env)
        services.start("web", "services.web", full_env)
        gateway = f"{env['SDB_GATEWAY_URL']}/api/v1/health"
        wait_until(lambda: _healthy(gateway), 60, f"the gateway health check\n{services.log_text()}")
        wait_until(lambda: _healthy(f"{services.web_url}/healthz"), 60, "the web service")
        yield services
    finally:
        for process in services.processes.values():
            process.send_signal(signal.SIGTERM)
        for process in services.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
