"""`sdb watch` as a subprocess against the whole product: a short window followed to its report (exit 0, a valid
JUnit file), --detach then --stop, and usage or connection errors (exit 2) that start no watch."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.checks.junit_schema.validate import assert_valid_junit
from tests.cli.conftest import served_system
from tests.cli.sdb_process import run_sdb
from tools.local_servers.ports import free_port

TICK_LINE = re.compile(r"^tick \d+ of watch [0-9a-f]{8} CAM01: SLO (-|[01]\.\d{5}), \d+ new issues?")


@pytest.fixture
async def url(tmp_path: Path, camera_server: int) -> AsyncIterator[str]:
    """The product with CAM01, ticks allowed every half second (the test-only floor)."""
    async with served_system(tmp_path / "data", camera_server, watch_min_every_s=0.5) as base:
        yield base


async def _watches(url: str) -> list[dict[str, object]]:
    async with httpx.AsyncClient(base_url=url) as client:
        listed: list[dict[str, object]] = (await client.get("/api/v1/watches")).json()
        return listed


async def test_a_watch_is_followed_tick_by_tick_to_its_report_and_a_valid_junit_file(url: str, tmp_path: Path) -> None:
    junit = tmp_path / "soak.xml"
    result = await run_sdb("watch", "cam01", "--every", "1s", "--for", "5s", "--junit", str(junit), url=url)
    assert result.code == 0, result
    assert re.fullmatch(r"watch [0-9a-f]{32} of CAM01: every 1 s until \S+", result.lines[0])
    ticks = [line for line in result.lines if TICK_LINE.match(line)]
    assert len(ticks) >= 2, result.stdout
    assert re.match(r"watch [0-9a-f]{32} of CAM01 pass: \d+ ticks", result.lines[-1]), result.stdout
    assert_valid_junit(junit.read_bytes())
    assert 'name="sdb.CAM01"' in junit.read_text()
    [watch] = await _watches(url)
    assert watch["status"] == "ended"


async def test_a_detached_watch_keeps_running_until_stopped_by_id(url: str) -> None:
    started = await run_sdb("watch", "CAM01", "--every", "1s", "--for", "1h", "--detach", url=url)
    assert started.code == 0, started
    watch_id = started.lines[0].split()[1]
    [watch] = await _watches(url)
    assert watch["watch_id"] == watch_id and watch["status"] == "active"
    stopped = await run_sdb("watch", "--stop", watch_id, url=url)
    assert stopped.code == 0, stopped
    assert re.fullmatch(rf"watch {watch_id} of CAM01 stopped after \d+ ticks", stopped.lines[0])
    assert (await _watches(url))[0]["status"] == "stopped"


@pytest.mark.parametrize("args", [
    ["CAM01", "--every", "5x", "--for", "1h"],
    ["CAM01", "--every", "0s", "--for", "1h"],
    ["CAM01", "--every", "5m"],
    ["CAM01", "--every", "5m", "--for", "1h", "--until", "2099-01-01T00:00:00Z"],
    ["CAM01", "--every", "5m", "--until", "2099-01-01T00:00:00"],
    ["CAM01", "--every", "5m", "--until", "2020-01-01T00:00:00Z"],
    ["CAM 01", "--every", "5m", "--for", "1h"],
    ["--every", "5m", "--for", "1h"],
    ["--stop", "not-a-watch"],
])
async def test_usage_errors_exit_2_and_start_no_watch(url: str, args: list[str]) -> None:
    result = await run_sdb("watch", *args, url=url)
    assert result.code == 2, result
    assert result.stderr.strip()
    assert await _watches(url) == []


async def test_no_server_exits_2() -> None:
    result = await run_sdb("watch", "CAM01", "--every", "5m", "--for", "1h", url=f"http://127.0.0.1:{free_port()}")
    assert result.code == 2, result
    assert "is the server running" in result.stderr
