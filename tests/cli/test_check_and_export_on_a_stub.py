"""`sdb check` and `sdb export` against stand-ins of their routes: exit codes, deep links, JUnit, files, progress.

The same commands against the real routes: test_check_and_export_on_the_real_routes.py (runs once they are merged).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from junitparser import Failure, JUnitXml

from libs.common.contracts.api.checks import CHECK_NAMES
from tests.checks.junit_schema.validate import assert_valid_junit
from tests.cli.sdb_process import run_sdb
from tests.cli.stub_api import DAY, EXPORT_BYTES, NEWER_CHECK, stub_app
from tools.local_servers.asgi_server import serve_app

START, END = f"{DAY}T02:15:00Z", f"{DAY}T02:45:00Z"


@pytest.fixture
def stub() -> FastAPI:
    """The stand-in routes, which note each checks request."""
    return stub_app()


@pytest.fixture
async def stub_url(stub: FastAPI) -> AsyncIterator[str]:
    """The stand-in routes on a free port."""
    async with serve_app(stub) as url:
        yield url


@pytest.mark.parametrize(("camera", "code", "verdict"), [("pass01", 0, "pass"), ("warn01", 0, "warn"),
                                                          ("fail01", 1, "fail")])
async def test_check_exits_0_on_pass_or_warn_and_1_on_fail(stub_url: str, camera: str, code: int,
                                                           verdict: str) -> None:
    result = await run_sdb("check", camera, "--date", DAY, url=stub_url)
    assert result.code == code, result
    assert result.lines[-1].startswith(f"{camera.upper()} {DAY}..{DAY}: {verdict}")


async def test_a_check_name_added_by_a_newer_server_is_shown_not_refused(stub_url: str) -> None:
    result = await run_sdb("check", "NEWER01", "--date", DAY, url=stub_url)
    assert result.code == 0, result
    assert result.lines[0].startswith(f"WARN {NEWER_CHECK}")
    assert result.lines[-1].startswith(f"NEWER01 {DAY}..{DAY}: warn")
    as_json = await run_sdb("check", "NEWER01", "--date", DAY, "--json", url=stub_url)
    assert as_json.code == 0 and json.loads(as_json.stdout)["issues"][0]["check"] == NEWER_CHECK


async def test_each_issue_is_one_line_with_a_link_to_the_day_page_at_that_time(stub_url: str) -> None:
    result = await run_sdb("check", "FAIL01", "--from", DAY, "--to", DAY, url=stub_url)
    issues = result.lines[:-1]
    assert len(issues) == 2
    assert issues[0].startswith("FAIL gap") and issues[0].endswith(f"{stub_url}/FAIL01/{DAY}#t=02:20:00")
    assert issues[1].startswith("WARN duration") and issues[1].endswith(f"{stub_url}/FAIL01/{DAY}#t=03:15:00")


async def test_the_junit_file_and_the_exit_code_come_from_one_answer_with_absolute_links(
    stub: FastAPI, stub_url: str, tmp_path: Path
) -> None:
    report = tmp_path / "checks.xml"
    result = await run_sdb("check", "FAIL01", "--date", DAY, "--junit", str(report), url=stub_url)
    assert result.code == 1
    assert stub.state.checks_asked == ["json"], "one request: the file cannot describe another state"
    assert_valid_junit(report.read_bytes())
    cases = {case.name: case for suite in JUnitXml.fromfile(str(report)) for case in suite}
    assert list(cases) == list(CHECK_NAMES) and {case.classname for case in cases.values()} == {"sdb.FAIL01"}
    failures = [(name, entry) for name, case in cases.items() for entry in case.result if isinstance(entry, Failure)]
    assert [(name, entry.message) for name, entry in failures] == [("gap", "1 issue failed the gap check")]
    assert failures[0][1].text.endswith(f"{stub_url}/FAIL01/{DAY}#t=02:20:00")
    assert cases["duration"].system_out.endswith(f"{stub_url}/FAIL01/{DAY}#t=03:15:00")


async def test_a_check_this_sdb_does_not_know_still_fails_the_run_and_gets_its_testcase(
    stub_url: str, tmp_path: Path
) -> None:
    report = tmp_path / "checks.xml"
    result = await run_sdb("check", "FUTURE01", "--date", DAY, "--junit", str(report), url=stub_url)
    assert result.code == 1, result
    assert result.lines[0].startswith("FAIL lens_fog")
    assert_valid_junit(report.read_bytes())
    cases = {case.name: case for suite in JUnitXml.fromfile(str(report)) for case in suite}
    assert list(cases) == [*CHECK_NAMES, "lens_fog"]
    assert [type(entry) for entry in cases["lens_fog"].result] == [Failure]


async def test_check_json_is_the_api_answer_with_a_link_per_issue(stub_url: str) -> None:
    result = await run_sdb("check", "warn01", "--date", DAY, "--json", url=stub_url)
    answer = json.loads(result.stdout)
    assert result.code == 0
    assert list(answer) == ["camera_id", "from", "to", "verdict", "expected", "tolerances", "summary", "checks", "days",
                            "issues", "card"]
    assert answer["issues"][0]["link"] == f"{stub_url}/WARN01/{DAY}#t=03:15:00"
    assert set(answer["issues"][0]) >= {"check", "severity", "start", "end", "clip_ids", "paths", "detail",
                                        "measured", "link"}


async def test_a_check_the_server_cannot_run_exits_2_not_1(stub_url: str) -> None:
    result = await run_sdb("check", "bad01", "--date", DAY, url=stub_url)
    assert result.code == 2
    assert "422" in result.stderr and "no checks for BAD01" in result.stderr


@pytest.mark.parametrize("as_zip", [False, True], ids=["mp4", "zip"])
async def test_export_writes_the_whole_file_and_prints_progress_lines(stub_url: str, tmp_path: Path,
                                                                       as_zip: bool) -> None:
    target = tmp_path / "evidence.bin"
    result = await run_sdb("export", "cam01", "--start", START, "--end", END, "-o", str(target),
                           *(["--zip"] if as_zip else []), url=stub_url)
    assert result.code == 0, result
    assert target.read_bytes() == EXPORT_BYTES
    assert not target.with_name("evidence.bin.part").exists()
    progress = [line for line in result.lines if line.startswith("export: ")]
    assert progress and "\r" not in result.stdout and "\x1b" not in result.stdout
    assert progress[-1].startswith(f"export: {len(EXPORT_BYTES)}" + ("" if as_zip else f"/{len(EXPORT_BYTES)}"))
    assert result.lines[-1].startswith(f"wrote {target}")


async def test_export_json_names_the_file_and_its_size(stub_url: str, tmp_path: Path) -> None:
    target = tmp_path / "evidence.mp4"
    result = await run_sdb("export", "CAM01", "--start", START, "--end", END, "-o", str(target), "--json",
                           url=stub_url)
    assert json.loads(result.stdout) == {"file": str(target), "bytes": len(EXPORT_BYTES), "media_type": "video/mp4",
                                         "suggested_name": "CAM01_range.mp4"}
    assert "export: " in result.stderr


@pytest.mark.parametrize(("camera", "end", "status", "words"), [
    ("change01", END, 409, "resolution changes"),
    ("cam01", f"{DAY[:-2]}21T03:15:00Z", 422, "at most 24 h"),
])
async def test_a_refused_export_exits_1_with_the_reason_and_writes_nothing(
    stub_url: str, tmp_path: Path, camera: str, end: str, status: int, words: str
) -> None:
    target = tmp_path / "evidence.mp4"
    result = await run_sdb("export", camera, "--start", START, "--end", end, "-o", str(target), url=stub_url)
    assert result.code == 1
    assert f"({status})" in result.stderr and words in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("as_zip", [False, True], ids=["mp4", "zip"])
async def test_an_interrupted_export_exits_1_and_leaves_no_file_that_looks_complete(
    stub_url: str, tmp_path: Path, as_zip: bool
) -> None:
    target = tmp_path / "evidence.mp4"
    result = await run_sdb("export", "stall01", "--start", START, "--end", END, "-o", str(target),
                           *(["--zip"] if as_zip else []), url=stub_url)
    assert result.code == 1
    assert "export interrupted" in result.stderr and "not written" in result.stderr
    assert list(tmp_path.iterdir()) == []
