"""GET /api/v1/cameras/{id}/checks after scanning the sample card: JSON, JUnit a CI reads back, CSV, day verdicts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
from junitparser import Failure, JUnitXml

from libs.common.contracts.api.checks import CHECK_NAMES
from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from tests.checks.junit_schema.validate import assert_valid_junit
from tests.sample_card import CARD_DAY, camera_target
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client

DAY = CARD_DAY.isoformat()
URL = "/api/v1/cameras/CAM01/checks"
NO_IMAGES = {"thumbnails": False, "previews": False}


async def test_the_sample_card_fails_on_its_power_cut_clips_and_the_scheduled_day_it_missed(
    checks_web: httpx.AsyncClient
) -> None:
    await scan_and_wait(checks_web, "cam01", **NO_IMAGES)
    answer = await checks_web.get(URL, params={"date": DAY})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["camera_id"], body["from"], body["to"], body["verdict"]) == ("CAM01", DAY, DAY, "fail")
    assert [(issue["check"], issue["severity"]) for issue in body["issues"]] == [("broken", "fail")] * 2 + [
        ("gap", "fail")]
    assert body["summary"] == {"clips": 7, "issues": 3, "by_check": {"gap": 1, "broken": 2}, "clips_without_timing": 0}
    assert body["checks"]["broken"] == {"verdict": "fail", "issues": 2}
    gap = body["issues"][2]  # its 02:00-04:00 recordings lie in time scheduled off; 06:30-19:30 is continuous
    assert (gap["start"], gap["end"]) == (f"{DAY}T06:30:00Z", f"{DAY}T19:30:00Z")
    assert gap["measured"] == {"seconds": 46800.0, "scheduled": "continuous", "cause": "stopped"}
    assert body["expected"]["clip_s"] == 6.0 and body["expected"]["width"] == 640
    assert body["expected"]["sources"]["clip_s"] == "majority"
    assert body["tolerances"]["gap_tolerance_s"] == 2.0
    day = body["days"][0]
    assert day.pop("judged_until") == "2026-11-21T00:00:00Z", "a day before the camera's clock is judged whole"
    camera = day.pop("camera")
    assert abs(camera["clock_offset_s"]) < 1 and camera["drift_ppm"] is None and camera["boots"] == []
    assert len(camera["boot_id"]) == 36, "the simulator's boot id, read by the scan"
    assert body["days"] == [{"date": DAY, "verdict": "fail", "clips": 7, "issues": 3,
                             "by_check": {"gap": 1, "broken": 2}}]
    assert body["card"]["name"] == "SD32G" and body["card"]["read_only"] is False
    assert body["card"]["retention_basis"].startswith("extrapolated")
    first = body["issues"][0]
    assert first["start"].endswith("Z") and first["paths"][0].startswith(f"{DAY}/")


async def test_junit_read_back_by_a_junit_reader_counts_what_the_json_says(checks_web: httpx.AsyncClient) -> None:
    await scan_and_wait(checks_web, "cam01", **NO_IMAGES)
    params = {"date": DAY, "duration_tolerance_s": "0.001", "expected_clip_s": "7"}
    body = (await checks_web.get(URL, params=params)).json()
    answer = await checks_web.get(URL, params={**params, "format": "junit"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")

    assert_valid_junit(answer.content)
    report = JUnitXml.fromstring(answer.text)
    suites = list(report)
    assert [suite.name for suite in suites] == [f"CAM01 {DAY}"]
    cases = list(suites[0])
    assert [case.name for case in cases] == list(CHECK_NAMES), "one testcase per check, always, in a stable order"
    assert {case.classname for case in cases} == {"sdb.CAM01"}
    fails = [issue for issue in body["issues"] if issue["severity"] == "fail"]
    failing = {case.name: case.result[0] for case in cases if any(isinstance(r, Failure) for r in case.result)}
    assert set(failing) == {issue["check"] for issue in fails}
    assert suites[0].failures == report.failures == len(failing) and suites[0].tests == len(CHECK_NAMES)
    broken = [issue for issue in fails if issue["check"] == "broken"]
    assert failing["broken"].message == f"{len(broken)} issues failed the broken check"
    lines = failing["broken"].text.splitlines()
    assert len(lines) == len(broken) and all(f"/CAM01/{DAY}#t=" in line for line in lines)
    warned = next(case for case in cases if case.name == "duration")
    duration_warnings = [issue for issue in body["issues"] if issue["check"] == "duration"]
    assert warned.result == [] and len(warned.system_out.splitlines()) == len(duration_warnings)
    assert "expected 7 s" in warned.system_out


async def test_a_tolerance_out_of_range_is_refused_with_json_and_judges_nothing(checks_web: httpx.AsyncClient) -> None:
    await scan_and_wait(checks_web, "cam01", **NO_IMAGES)
    for params in ({"gap_tolerance_s": "-1"}, {"fps_tolerance_pct": "101"}, {"expected_fps": "0"}):
        for format in ("json", "junit", "csv"):
            answer = await checks_web.get(URL, params={"date": DAY, "format": format, **params})
            assert answer.status_code == 422 and answer.headers["content-type"] == "application/json"
            assert next(iter(params)) in str(answer.json()["detail"])


async def test_without_a_day_the_newest_day_on_the_card_is_judged(checks_web: httpx.AsyncClient) -> None:
    await scan_and_wait(checks_web, "cam01", **NO_IMAGES)
    body = (await checks_web.get(URL)).json()
    assert (body["from"], body["to"], body["summary"]["clips"]) == (DAY, DAY, 7)


async def test_csv_has_one_row_per_issue(checks_web: httpx.AsyncClient) -> None:
    await scan_and_wait(checks_web, "cam01", **NO_IMAGES)
    body = (await checks_web.get(URL, params={"date": DAY})).json()
    answer = await checks_web.get(URL, params={"date": DAY, "format": "csv"})
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == len(body["issues"])
    assert rows[0]["check"] == "broken" and rows[0]["link"].startswith(f"/CAM01/{DAY}#t=")
    assert [int(row["clips"]) for row in rows] == [len(issue["clip_ids"]) for issue in body["issues"]]


async def test_a_range_judges_only_the_days_the_card_holds(checks_web: httpx.AsyncClient) -> None:
    await scan_and_wait(checks_web, "cam01", **NO_IMAGES)
    body = (await checks_web.get(URL, params={"from": "2026-11-01", "to": "2026-11-30"})).json()
    assert (body["from"], body["to"]) == ("2026-11-01", "2026-11-30")
    assert [day["date"] for day in body["days"]] == [DAY]
    off_card = await checks_web.get(URL, params={"from": "2026-10-01", "to": "2026-10-31"})
    assert off_card.status_code == 404 and "the card holds 2026-11-20 to 2026-11-20" in off_card.json()["detail"]


async def test_day_verdicts_for_the_calendar_are_kept_until_a_scan_changes_them(
    checks_web: httpx.AsyncClient, tmp_path: Path
) -> None:
    assert (await checks_web.get("/api/v1/cameras/CAM01/checks/days")).status_code == 404
    await scan_and_wait(checks_web, "cam01", **NO_IMAGES)
    verdicts = (await checks_web.get("/api/v1/cameras/CAM01/checks/days")).json()
    assert [{key: value for key, value in day.items() if key not in ("judged_until", "camera")}
            for day in verdicts] == [{"date": DAY, "verdict": "fail", "clips": 7, "issues": 3,
                                      "by_check": {"gap": 1, "broken": 2}}]
    assert verdicts[0]["judged_until"] == "2026-11-21T00:00:00Z", "a day before the camera's clock: judged whole"
    kept = tmp_path / "data" / "store" / "cameras" / "CAM01" / "check_verdicts.json"
    written = kept.stat().st_mtime_ns
    assert (await checks_web.get("/api/v1/cameras/CAM01/checks/days")).json() == verdicts
    assert kept.stat().st_mtime_ns == written, "a second look reads the kept verdicts"


async def test_checks_of_a_camera_never_scanned_are_not_found(checks_web: httpx.AsyncClient) -> None:
    answer = await checks_web.get("/api/v1/cameras/NEVER1/checks", params={"date": DAY})
    assert answer.status_code == 404 and "scan it first" in answer.json()["detail"]
    calendar = await checks_web.get("/api/v1/cameras/NEVER1/checks/days")
    assert calendar.status_code == 404 and calendar.json() == answer.json()


async def test_a_short_estimated_retention_warns_under_the_configured_minimum(
    tmp_path: Path, camera_server: int
) -> None:
    settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid", retention_min_days=30)
    async with EmbeddedSystem(settings, [camera_target(camera_server)]) as system, \
            served_client(system.web_app) as web:
        await scan_and_wait(web, "cam01", **NO_IMAGES)
        body = (await web.get(URL, params={"date": DAY})).json()
        card = [issue for issue in body["issues"] if issue["check"] == "card"]
        assert [(issue["severity"], issue["measured"]["min_retention_days"]) for issue in card] == [("warn", 30.0)]
        assert body["tolerances"]["min_retention_days"] == 30.0
        relaxed = (await web.get(URL, params={"date": DAY, "min_retention_days": "1"})).json()
        assert not [issue for issue in relaxed["issues"] if issue["check"] == "card"]
