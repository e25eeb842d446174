"""sdb against a server with SDB_API_TOKEN: the right token (option or environment) works, a wrong one exits 2."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from tests.cli.conftest import served_system
from tests.cli.sdb_process import run_sdb, sdb_env

TOKEN = "cli-t0ken-for-tests-only"


@pytest.fixture
async def guarded_url(tmp_path: Path, camera_server: int) -> AsyncIterator[str]:
    """The product with an API token set."""
    async with served_system(tmp_path / "data", camera_server, api_token=SecretStr(TOKEN)) as url:
        yield url


@pytest.mark.parametrize("token", [None, "wrong", TOKEN + "x"], ids=["none", "wrong", "longer"])
async def test_a_missing_or_wrong_token_exits_2_saying_so(guarded_url: str, token: str | None) -> None:
    result = await run_sdb(*(["--token", token] if token else []), "cameras", url=guarded_url)
    assert result.code == 2
    assert result.stderr.startswith("sdb: the server refused the API token (401: ")
    assert "--token or set SDB_API_TOKEN" in result.stderr
    assert result.stdout == ""


async def test_the_token_from_the_option_or_the_environment_is_accepted(guarded_url: str) -> None:
    by_option = await run_sdb("--token", TOKEN, "cameras", "--json", url=guarded_url)
    by_env = await run_sdb("cameras", "--json", url=guarded_url, env=sdb_env(SDB_API_TOKEN=TOKEN))
    assert by_option.code == by_env.code == 0
    assert by_option.stdout == by_env.stdout and '"CAM01"' in by_env.stdout


async def test_scan_wait_follows_the_event_stream_with_the_token(guarded_url: str) -> None:
    result = await run_sdb("--token", TOKEN, "scan", "CAM01", "--wait", url=guarded_url)
    assert result.code == 0, result
    assert "day 2026-11-20 scanned" in result.stdout
