"""`sdb check` and `sdb export` against the real routes of the embedded product (each runs once its route is merged).

Until then test_check_and_export_on_a_stub.py covers the commands against stand-ins of the API.md contract.
"""

from __future__ import annotations

import importlib.util
import json
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from tests.checks.junit_schema.validate import assert_valid_junit
from tests.cli.conftest import served_system
from tests.cli.sdb_process import run_sdb
from tests.e2e.test_embedded_scan import DAY


def route_merged(module: str) -> bool:
    """Whether the gateway has services/gateway/routes/<module>.py (built on another branch)."""
    return importlib.util.find_spec(f"services.gateway.routes.{module}") is not None


needs_checks = pytest.mark.skipif(not route_merged("checks"), reason="GET /cameras/{id}/checks not merged yet")
needs_export = pytest.mark.skipif(not route_merged("export"), reason="GET /cameras/{id}/export not merged yet")


@pytest.fixture
async def scanned_url(tmp_path: Path, camera_server: int) -> AsyncIterator[str]:
    """The product with CAM01 scanned by `sdb scan --wait`."""
    async with served_system(tmp_path / "data", camera_server) as url:
        assert (await run_sdb("scan", "CAM01", "--wait", url=url)).code == 0
        yield url


@needs_checks
async def test_check_of_the_sample_day_exits_by_its_verdict_with_links_in_json_and_junit(
    scanned_url: str, tmp_path: Path
) -> None:
    report = tmp_path / "checks.xml"
    result = await run_sdb("check", "cam01", "--date", DAY, "--junit", str(report), "--json", url=scanned_url)
    answer = json.loads(result.stdout)
    assert result.code == (1 if answer["verdict"] == "fail" else 0), result
    assert answer["issues"], "the sample card has a gap and power-cut leftovers"
    assert all(issue["link"].startswith(f"{scanned_url}/CAM01/{DAY}#t=") for issue in answer["issues"])
    failures = [entry for suite in JUnitXml.fromfile(str(report)) for case in suite for entry in case.result
                if isinstance(entry, Failure)]
    assert len(failures) == len({issue["check"] for issue in answer["issues"] if issue["severity"] == "fail"})
    assert all(f" {scanned_url}/CAM01/{DAY}#t=" in (failure.text or "") for failure in failures)
    assert_valid_junit(report.read_bytes())


@needs_export
async def test_export_of_a_range_writes_an_mp4_and_the_zip_holds_the_clips(scanned_url: str, tmp_path: Path) -> None:
    start, end, out = f"{DAY}T02:30:00Z", f"{DAY}T03:05:00Z", tmp_path / "out"
    out.mkdir()
    movie = await run_sdb("export", "CAM01", "--start", start, "--end", end, "-o", str(out / "range.mp4"),
                          url=scanned_url)
    assert movie.code == 0, movie
    assert (out / "range.mp4").read_bytes()[4:8] == b"ftyp"
    bundle = await run_sdb("export", "CAM01", "--start", start, "--end", end, "-o", str(out / "range.zip"),
                           "--zip", url=scanned_url)
    assert bundle.code == 0, bundle
    names = zipfile.ZipFile(out / "range.zip").namelist()
    assert names and all(name.endswith(".mp4") for name in names)
    assert sorted(path.name for path in out.iterdir()) == ["range.mp4", "range.zip"]


@needs_export
async def test_an_export_over_24_hours_is_refused_with_exit_1(scanned_url: str, tmp_path: Path) -> None:
    result = await run_sdb("export", "CAM01", "--start", f"{DAY}T00:00:00Z", "--end", "2026-11-21T00:00:01Z",
                           "-o", str(tmp_path / "day.mp4"), url=scanned_url)
    assert result.code == 1 and "(422)" in result.stderr and "24 h" in result.stderr
    assert not (tmp_path / "day.mp4").exists() and not (tmp_path / "day.mp4.part").exists()
