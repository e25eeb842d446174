"""sdb's usage errors and unreachable servers exit 2 with a message; the install step puts `sdb` in the venv."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.sdb_process import run_sdb, sdb_env
from tools.local_servers.ports import free_port

USAGE_ERRORS = {
    "no command": [],
    "unknown command": ["frobnicate"],
    "clips without --date": ["clips", "CAM01"],
    "a date that is no date": ["clips", "CAM01", "--date", "2026-13-01"],
    "a date in other digits": ["clips", "CAM01", "--date", "\uff12\uff10\uff12\uff16-11-20"],
    "an hour past 23": ["clips", "CAM01", "--date", "2026-11-20", "--hour", "24"],
    "json and csv at once": ["clips", "CAM01", "--date", "2026-11-20", "--json", "--csv"],
    "a camera id with a space": ["clips", "CAM 01", "--date", "2026-11-20"],
    "a camera id of 65 characters": ["clips", "x" * 65, "--date", "2026-11-20"],
    "check without days": ["check", "CAM01"],
    "check with a date and a range": ["check", "CAM01", "--date", "2026-11-20", "--from", "2026-11-20",
                                      "--to", "2026-11-21"],
    "check with --from only": ["check", "CAM01", "--from", "2026-11-20"],
    "export without -o": ["export", "CAM01", "--start", "2026-11-20T02:00:00Z", "--end", "2026-11-20T03:00:00Z"],
    "export from a time that is no time": ["export", "CAM01", "--start", "yesterday", "--end",
                                           "2026-11-20T03:00:00Z", "-o", "x.mp4"],
    "export into a missing folder": ["export", "CAM01", "--start", "2026-11-20T02:00:00Z", "--end",
                                     "2026-11-20T03:00:00Z", "-o", "/nonexistent-folder/x.mp4"],
    "scan of a date that is no date": ["scan", "CAM01", "--date", "2026-02-30"],
    "a URL that is not http": ["--url", "ftp://127.0.0.1", "cameras"],
}


@pytest.mark.parametrize("args", list(USAGE_ERRORS.values()), ids=list(USAGE_ERRORS))
async def test_usage_errors_exit_2_with_a_message_and_send_nothing(args: list[str]) -> None:
    result = await run_sdb(*args, url=f"http://127.0.0.1:{free_port()}")  # nothing listens: no request succeeds
    assert result.code == 2, result
    assert "Usage: sdb" in result.stdout + result.stderr, result
    assert result.stdout == "" or args == [], "a refused command prints nothing but help on stdout"


@pytest.mark.parametrize("command", [["cameras"], ["scan", "CAM01", "--wait"],
                                     ["clips", "CAM01", "--date", "2026-11-20"],
                                     ["check", "CAM01", "--date", "2026-11-20"]])
async def test_a_server_that_does_not_answer_exits_2_naming_the_url(command: list[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = await run_sdb(*command, url=url)
    assert result.code == 2
    assert result.stderr.startswith(f"sdb: cannot connect to {url}") and "SDB_URL" in result.stderr


async def test_the_url_comes_from_sdb_url_when_not_given() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = await run_sdb("cameras", env=sdb_env(SDB_URL=url))
    assert result.code == 2 and url in result.stderr


def test_the_install_step_put_sdb_beside_the_venvs_python() -> None:
    sdb = Path(sys.executable).parent / "sdb"
    assert sdb.is_file(), "run the Makefile's install step (make test / make run)"
    answer = subprocess.run([str(sdb), "--help"], capture_output=True, text=True, env=sdb_env(), timeout=60,
                            check=False)
    assert answer.returncode == 0
    assert all(name in answer.stdout for name in ("cameras", "scan", "clips", "check", "export", "thumbs"))
