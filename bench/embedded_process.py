"""The embedded product as `make run` starts it (`python -m services.embedded`, its own process), and the CPU its
process tree uses (the image worker processes included)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from libs.common.adapters.camera.target import CameraTarget
from libs.common.contracts.settings import Settings
from tools.local_servers.ports import free_port

REPO = Path(__file__).resolve().parents[1]
_TICKS = os.sysconf("SC_CLK_TCK")


def cameras_ini(target: CameraTarget) -> str:
    """A cameras file registering the bench camera (with its host key's pin, where targets carry one)."""
    pin = getattr(target, "host_key_fingerprint", None)
    return (f"[{target.camera_id}]\nhost = {target.host}\nport = {target.port}\nuser = {target.user}\n"
            f"password = {target.password.get_secret_value()}\nsd_root = {target.sd_root}\n"
            f"config_ini = {target.config_ini}\n" + (f"host_key_fingerprint = {pin}\n" if pin else ""))


def trust_settings() -> dict[str, str]:
    """How the product trusts the bench camera's key: its pin in the cameras file or, where the settings still have
    it, accepting a new key."""
    if "camera_accept_new_host_keys" in Settings.model_fields:
        return {"SDB_CAMERA_ACCEPT_NEW_HOST_KEYS": "true"}
    return {}


def tree_cpu_s(root: int) -> dict[int, float]:
    """CPU seconds (user + system) of `root` and of each of its children, by pid."""
    seen: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(entry) == root or int(fields[1]) == root:
            seen[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICKS
    return seen


@dataclass
class CpuSampler:
    """Samples the CPU of a process tree; a pid that has ended keeps its last figure."""

    root: int
    samples: list[tuple[float, float]] = field(default_factory=list)
    _last: dict[int, float] = field(default_factory=dict)

    def sample(self) -> float:
        """Note (now, CPU seconds so far) and return the CPU seconds."""
        self._last.update(tree_cpu_s(self.root))
        total = sum(self._last.values())
        self.samples.append((time.perf_counter(), total))
        return total

    def children_s(self) -> float:
        """CPU seconds of the children alone (the image worker processes), at the last sample."""
        return sum(seconds for pid, seconds in self._last.items() if pid != self.root)

    def at(self, moment: float) -> float:
        """CPU seconds at the sample nearest to `moment` (perf_counter)."""
        return min(self.samples, key=lambda sample: abs(sample[0] - moment))[1]

    async def run(self, stop: asyncio.Event, every_s: float = 0.2) -> None:
        """Sample until stop is set, then once more."""
        while not stop.is_set():
            self.sample()
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every_s)
        self.sample()


@dataclass
class EmbeddedProcess:
    """A running `python -m services.embedded` and an HTTP client on its web port."""

    process: asyncio.subprocess.Process
    api: httpx.AsyncClient


@asynccontextmanager
async def embedded_process(target: CameraTarget | list[CameraTarget], work: Path, product: Path = REPO,
                           data: Path | None = None, **settings: str) -> AsyncIterator[EmbeddedProcess]:
    """Start the embedded product of the checkout `product` with only `target` (or each of a list) registered (no
    demo camera) over `data` (default: a new folder in `work`), wait for its page, stop it after."""
    data = data or work / f"embedded-{time.monotonic_ns()}"
    data.mkdir(parents=True, exist_ok=True)
    targets = target if isinstance(target, list) else [target]
    (data / "cameras.ini").write_text("\n".join(cameras_ini(each) for each in targets))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(product), "SDB_DATA_DIR": str(data), "SDB_WEB_PORT": str(port),
           "SDB_DEMO_CAMERA": "false", "SDB_CAMERAS_FILE": str(data / "cameras.ini"), "SDB_LOG_LEVEL": "warning",
           "SDB_CAMERA_CALL_TIMEOUT_S": "120", **trust_settings(),
           **{f"SDB_{name.upper()}": value for name, value in settings.items()}}
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "services.embedded", env=env, cwd=product,
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if (await api.get("/api/v1/health")).status_code < 500:
                    break
            except httpx.TransportError:
                if process.returncode is not None or time.monotonic() > deadline:
                    raise RuntimeError("the embedded product did not start") from None
                await asyncio.sleep(0.1)
        yield EmbeddedProcess(process, api)
    finally:
        await api.aclose()
        if process.returncode is None:
            process.terminate()
        await process.wait()
