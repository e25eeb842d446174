"""Running `sdb` as a subprocess (the installed entry point, `python -m libs.cli`) without blocking the event loop."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class SdbResult:
    """Exit code and both output streams, decoded."""

    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """stdout's non-empty lines."""
        return [line for line in self.stdout.splitlines() if line.strip()]


def sdb_env(**extra: str) -> dict[str, str]:
    """This environment without any SDB_* setting, this checkout first on the path, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SDB_")}
    return {**env, "PYTHONPATH": str(REPO), **extra}


async def run_sdb(*args: str, url: str | None = None, env: dict[str, str] | None = None,
                  timeout_s: float = 120.0) -> SdbResult:
    """`sdb [--url URL] ARGS...` with stdout and stderr on pipes (so not terminals), awaited with a deadline."""
    command = [sys.executable, "-m", "libs.cli", *(["--url", url] if url else []), *args]
    process = await asyncio.create_subprocess_exec(
        *command, cwd=REPO, env=env or sdb_env(), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout_s)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return SdbResult(process.returncode, stdout.decode(), stderr.decode())
