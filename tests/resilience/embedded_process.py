"""The embedded product as a real process (`python -m services.embedded`), to kill and start again."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from tests.sample_card import PASSWORD, SAMPLE_FINGERPRINT, USER
from tools.local_servers.polling import wait_until
from tools.local_servers.ports import free_port

REPO = Path(__file__).resolve().parents[2]


@dataclass
class EmbeddedProcess:
    """How to start the embedded product over one data folder, and the process running now."""

    env: dict[str, str]
    log: Path
    url: str
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it and wait until its health answers."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "services.embedded"], cwd=REPO, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        wait_until(self._answers, 60, f"the embedded product on {self.url}")

    def _answers(self) -> bool:
        """Whether the process serves its health (it must still be alive)."""
        assert self.process is not None and self.process.poll() is None, self.log.read_text(errors="replace")
        try:
            return httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code in (200, 503)
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        """SIGKILL, as a lost power supply or the OOM killer would."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)

    def log_text(self) -> str:
        """What the process wrote, for assertion messages."""
        return self.log.read_text(errors="replace")


@contextmanager
def embedded_process(data_dir: Path, camera_port: int, **settings: str) -> Iterator[EmbeddedProcess]:
    """The product over data_dir with CAM01 on camera_port; killed at the end if still running."""
    cameras = data_dir.parent / "cameras.ini"
    cameras.write_text(f"[CAM01]\nhost = 127.0.0.1\nport = {camera_port}\nuser = {USER}\npassword = {PASSWORD}\n"
                       f"model = DomePlus\nconfig_ini = {DEFAULT_CONFIG_INI}\n"
                       f"host_key_fingerprint = {SAMPLE_FINGERPRINT}\n")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "SDB_DATA_DIR": str(data_dir), "SDB_CAMERAS_FILE": str(cameras),
           "SDB_CAMERA_HOST_TEMPLATE": "{id}.invalid", "SDB_WEB_PORT": str(port), "SDB_DEMO_CAMERA": "false",
           "SDB_LOG_JSON": "true", **settings}
    running = EmbeddedProcess(env, data_dir.parent / "embedded.log", f"http://127.0.0.1:{port}")
    try:
        yield running
    finally:
        if running.process is not None and running.process.poll() is None:
            running.kill()
