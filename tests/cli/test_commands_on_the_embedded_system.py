"""sdb as a subprocess against the whole product on a free port: scan with progress, clips, cameras, thumbs."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from libs.camera_simulator.server import start_simulator
from libs.client.async_client import SdbClient
from libs.common.contracts.api.cameras import CameraSummary
from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.api.scans import ScanAccepted, ScanView
from tests.cli.conftest import served_system
from tests.cli.sdb_process import SdbResult, run_sdb
from tests.e2e.test_embedded_scan import DAY, card_clips
from tests.sample_card import PASSWORD, USER

PHASES = ["listing", "metadata", "thumbnails", "previews", "completed"]
PROGRESS_LINE = re.compile(r"^(listing|metadata|thumbnails|previews|completed): \d+(/\d+)? "
                           r"clips \d+/\d+ thumbnails (?P<thumbnails>\d+) previews (?P<previews>\d+) "
                           r"errors \d+ read \d+(\.\d)? [kMG]?B")
SUMMARY_IMAGES = re.compile(r", (\d+) thumbnails, (\d+) previews, ")


def progress_lines(result: SdbResult) -> list[re.Match[str]]:
    """The plain progress lines of a `sdb scan --wait` run, parsed."""
    return [match for line in result.lines if (match := PROGRESS_LINE.match(line))]


@pytest.fixture(scope="module")
async def scanned(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[str, SdbResult]]:
    """A product whose CAM01 was scanned with `sdb scan --wait` on a pipe; yields its URL and that run."""
    async with (
        await start_simulator(small_card, port=0, user=USER, password=PASSWORD) as simulator,
        served_system(tmp_path_factory.mktemp("cli") / "data", simulator.port) as url,
    ):
        yield url, await run_sdb("scan", "cam01", "--wait", url=url)


async def test_scan_wait_on_a_pipe_prints_plain_progress_lines_and_exits_0(
    scanned: tuple[str, SdbResult], small_card: Path
) -> None:
    _, result = scanned
    assert result.code == 0, result
    assert "\r" not in result.stdout and "\x1b" not in result.stdout
    assert re.fullmatch(r"scan [0-9a-f]{32} of CAM01: (queued|running)", result.lines[0])
    assert f"day {DAY} scanned: {len(card_clips(small_card))} clips" in result.lines
    progress = progress_lines(result)
    assert progress, result.stdout
    phases = [PHASES.index(line.group(1)) for line in progress]
    assert phases == sorted(phases) and PHASES.index("metadata") in phases, "phases only move forward"
    assert progress[-1].group(1) == "completed"
    assert re.match(rf"scan [0-9a-f]{{32}} of CAM01 completed in \d+:\d\d:\d\d: {len(card_clips(small_card))}/",
                    result.lines[-1])


async def test_a_rescan_whose_images_were_all_made_earlier_shows_them_in_its_progress(
    scanned: tuple[str, SdbResult]
) -> None:
    url, first = scanned
    again = await run_sdb("scan", "cam01", "--wait", url=url)
    assert again.code == 0, again
    summary = SUMMARY_IMAGES.search(again.lines[-1])
    assert summary is not None and int(summary.group(1)) > 0, again.lines[-1]
    last = progress_lines(again)[-1]
    assert (last.group(1), last["thumbnails"], last["previews"]) == ("completed", summary.group(1), summary.group(2))
    assert SUMMARY_IMAGES.search(first.lines[-1]) is not None


async def test_scan_json_prints_the_final_scan_on_stdout_and_progress_on_stderr(
    scanned: tuple[str, SdbResult]
) -> None:
    url, _ = scanned
    result = await run_sdb("scan", "CAM01", "--date", DAY, "--no-previews", "--wait", "--json", url=url)
    assert result.code == 0, result
    view = ScanView.model_validate_json(result.stdout)
    assert list(json.loads(result.stdout)) == list(ScanView.model_fields)
    assert (view.status, view.dates, view.progress.bytes_read) == ("completed", [DAY], 0)  # nothing changed
    assert "scan " in result.stderr


async def test_scan_without_wait_prints_the_scan_id_or_its_json(scanned: tuple[str, SdbResult]) -> None:
    url, _ = scanned
    plain = await run_sdb("scan", "CAM01", url=url)
    assert plain.code == 0 and re.fullmatch(r"[0-9a-f]{32}\n", plain.stdout)
    joined = await run_sdb("scan", "CAM01", "--json", url=url)
    accepted = ScanAccepted.model_validate_json(joined.stdout)
    assert list(json.loads(joined.stdout)) == ["scan_id", "status"]
    async with SdbClient(url) as client:
        for scan_id in (plain.stdout.strip(), accepted.scan_id):
            assert (await client.wait_for_scan(scan_id, timeout_s=60)).status == "completed"


async def test_clips_as_json_csv_and_table_list_every_clip_of_the_day(
    scanned: tuple[str, SdbResult], small_card: Path
) -> None:
    url, _ = scanned
    count = len(card_clips(small_card))
    as_json = await run_sdb("clips", "cam01", "--date", DAY, "--json", url=url)
    rows = json.loads(as_json.stdout)
    assert len(rows) == count and all(list(row) == list(ClipView.model_fields) for row in rows)
    assert [ClipView.model_validate(row).path for row in rows] == sorted(row["path"] for row in rows)

    as_csv = await run_sdb("clips", "cam01", "--date", DAY, "--csv", url=url)
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == count

    table = await run_sdb("clips", "cam01", "--date", DAY, "--hour", "3", url=url)
    assert table.lines[0].split("\t") == ["start", "status", "seconds", "picture", "fps", "kbit/s", "size", "path"]
    assert table.lines[1:] and all(line.split("\t")[7].startswith(f"{DAY}/03/") for line in table.lines[1:])


async def test_a_day_without_recordings_exits_1_with_the_servers_reason(scanned: tuple[str, SdbResult]) -> None:
    url, _ = scanned
    result = await run_sdb("clips", "cam01", "--date", "2026-01-01", url=url)
    assert result.code == 1
    assert result.stderr.startswith("sdb: refused (404): no recordings of camera CAM01 on 2026-01-01")


async def test_cameras_lists_the_registry_with_the_last_scan(scanned: tuple[str, SdbResult]) -> None:
    url, _ = scanned
    result = await run_sdb("cameras", "--json", url=url)
    rows = [CameraSummary.model_validate(row) for row in json.loads(result.stdout)]
    assert [(row.id, row.configured, row.last_scan_status) for row in rows] == [("CAM01", True, "completed")]
    assert all(list(row) == list(CameraSummary.model_fields) for row in json.loads(result.stdout))
    table = await run_sdb("cameras", url=url)
    assert table.lines[1].split("\t")[:4] == ["CAM01", "127.0.0.1", "DomePlus", "yes"]


async def test_thumbs_saves_one_webp_per_clip_that_has_one(scanned: tuple[str, SdbResult], tmp_path: Path) -> None:
    url, _ = scanned
    result = await run_sdb("thumbs", "CAM01", "--date", DAY, "-o", str(tmp_path / "thumbs"), "--json", url=url)
    answer = json.loads(result.stdout)
    assert result.code == 0 and list(answer) == ["saved", "without_thumbnail"]
    files = sorted((tmp_path / "thumbs").iterdir())
    assert [Path(row["file"]) for row in answer["saved"]] == files and files
    assert all(path.read_bytes()[8:12] == b"WEBP" for path in files)
    assert len(answer["without_thumbnail"]) == 2  # the power-cut leftovers
    assert "thumbnails: " in result.stderr


async def test_a_dead_camera_fails_its_scan_with_the_reason_and_exit_1(scanned: tuple[str, SdbResult]) -> None:
    url, _ = scanned
    result = await run_sdb("scan", "nowhere9", "--wait", url=url)
    assert result.code == 1
    assert re.search(r"sdb: scan [0-9a-f]{32} of NOWHERE9 failed: .*nowhere9\.invalid", result.stderr, re.I)
    assert " failed in " in result.lines[-1]


async def test_scan_wait_against_the_gateway_polls_the_status_instead_of_events(tmp_path: Path,
                                                                                camera_server: int) -> None:
    async with served_system(tmp_path / "data", camera_server, gateway=True) as gateway_url:
        result = await run_sdb("scan", "CAM01", "--wait", url=gateway_url)
    assert result.code == 0, result
    assert any(re.match(r"^(queued|listing|metadata|thumbnails|previews|completed): \d+(/\d+)? thumbnails \d+ "
                        r"previews \d+", line)
               for line in result.lines)
    assert " completed in " in result.lines[-1]
