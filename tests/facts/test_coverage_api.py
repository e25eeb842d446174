"""Coverage, aggregates, day rows and retention over HTTP, after scanning the sample card (embedded system)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest

from libs.camera_simulator.card_builder import default_config_path
from libs.common.domain.retention import scheduled_hours_per_week
from libs.common.domain.schedule import parse_schedule
from tests.facts.conftest import MISSING_INI
from tests.sample_card import CARD_DAY
from tests.scan_polling import scan_and_wait

DAY = CARD_DAY.isoformat()  # a Friday: the workday schedule is off before 06:00 local time
NO_IMAGES = {"thumbnails": False, "previews": False}


async def test_in_utc_the_cards_night_recordings_are_unscheduled_time(facts_web: httpx.AsyncClient) -> None:
    assert (await scan_and_wait(facts_web, "cam01", **NO_IMAGES))["status"] == "completed"
    report = (await facts_web.get("/api/v1/cameras/CAM01/coverage", params={"date": DAY})).json()
    assert report["timezone"] == "UTC" and report["schedule_known"] is True
    assert len(report["half_hours"]) == 48
    night = report["half_hours"][4:8]
    assert [row["start"] for row in night] == ["02:00", "02:30", "03:00", "03:30"]
    assert {row["scheduled"] for row in night} == {"off"}
    assert all(row["gaps"] == [] for row in night)
    morning = report["half_hours"][14]  # 07:00 UTC: continuous on Fridays, nothing on the card
    assert morning["scheduled"] == "continuous" and morning["gaps"] == [["07:00:00", "07:30:00"]]
    totals = report["totals"]
    assert totals["clips"] == 7 and totals["broken_clips"] == 2  # a zero-byte clip and one cut before its moov
    assert totals["recorded_s"] == pytest.approx(5 * 6.0, abs=1.0)
    assert totals["unscheduled_s"] == totals["recorded_s"]
    assert totals["span"]["start"] == "02:30:00"


async def test_in_tokyo_the_same_hours_are_scheduled_continuous_and_the_missing_clips_are_gaps(
    facts_web: httpx.AsyncClient,
) -> None:
    await scan_and_wait(facts_web, "camtokyo", **NO_IMAGES)
    report = (await facts_web.get("/api/v1/cameras/CAMTOKYO/coverage", params={"date": DAY})).json()
    assert report["timezone"] == "Asia/Tokyo"
    first = report["half_hours"][4]  # 02:00 UTC is 11:00 on Friday in Tokyo
    assert first["scheduled"] == "continuous"
    # 02:00 is a zero-byte clip and 02:15 is missing from the card: nothing recorded in the half hour.
    assert first["recorded_s"] == 0.0 and first["gaps"] == [["02:00:00", "02:30:00"]]
    second = report["half_hours"][5]
    assert second["gaps"][0][0] == "02:30:06" and second["gaps"][-1][1] == "03:00:00"
    assert report["totals"]["unscheduled_s"] == 0.0
    assert report["half_hours"][0]["scheduled"] == "continuous"  # 00:00 UTC is 09:00 in Tokyo
    assert report["half_hours"][0]["gaps"] == [["00:00:00", "00:30:00"]]



async def test_the_day_rows_show_hours_recorded_and_the_recording_span(facts_web: httpx.AsyncClient) -> None:
    await scan_and_wait(facts_web, "cam01", **NO_IMAGES)
    [row] = (await facts_web.get("/api/v1/cameras/CAM01/dates")).json()
    assert row["date"] == DAY
    assert row["hours_recorded"] == pytest.approx(30 / 3600, abs=0.001)
    assert row["span_start"] == f"{DAY}T02:30:00"
    assert row["span_end"].startswith(f"{DAY}T03:30:0")


async def test_aggregates_per_half_hour_and_hour_as_json_and_csv(facts_web: httpx.AsyncClient) -> None:
    await scan_and_wait(facts_web, "cam01", **NO_IMAGES)
    url = "/api/v1/cameras/CAM01/aggregates"
    halves = (await facts_web.get(url, params={"date": DAY})).json()
    assert len(halves) == 48
    busy = halves[5]  # 02:30-03:00: two good clips
    assert (busy["start"], busy["clips"], busy["broken_clips"]) == ("02:30", 2, 0)
    assert busy["avg_fps"] == pytest.approx(15.0, abs=0.5)
    assert busy["frame_mode"] == "higher image quality"
    assert busy["resolutions"] == ["640x360"]
    assert busy["avg_kbps"] > 0 and busy["avg_duration_s"] == pytest.approx(6.0, abs=0.5)
    assert busy["scheduled"] == "off"

    hours = (await facts_web.get(url, params={"date": DAY, "by": "hour"})).json()
    assert len(hours) == 24 and hours[2]["clips"] == 3 and hours[3]["clips"] == 4
    assert hours[2]["bytes"] + hours[3]["bytes"] == sum(row["bytes"] for row in halves)

    as_csv = await facts_web.get(url, params={"date": DAY, "by": "hour", "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(table) == 24
    assert table[3]["clips"] == "4" and table[3]["resolutions"] == "640x360"
    assert table[3]["frame_mode"] == "higher image quality"
    by_accept = await facts_web.get(url, params={"date": DAY}, headers={"accept": "text/csv"})
    assert by_accept.text.splitlines()[0].startswith("start,end,clips,")
    assert len(by_accept.text.splitlines()) == 49


async def test_storage_holds_a_retention_estimate_from_the_day_index(
    facts_web: httpx.AsyncClient, small_card: Path
) -> None:
    await scan_and_wait(facts_web, "cam01", **NO_IMAGES)
    storage = (await facts_web.get("/api/v1/cameras/CAM01/storage")).json()
    day = (await facts_web.get("/api/v1/cameras/CAM01/dates")).json()[0]
    continuous, boost = scheduled_hours_per_week(parse_schedule(default_config_path(small_card).read_text()))
    expected_daily = day["bytes"] / day["duration_s"] * 3600 * (continuous + boost) / 7  # per recorded hour
    assert storage["daily_bytes"] == pytest.approx(expected_daily, rel=0.001)
    assert storage["retention_days"] == pytest.approx(storage["total_bytes"] / expected_daily, rel=0.01)
    assert "extrapolated" in storage["retention_basis"]


async def test_a_schedule_that_cannot_be_read_is_a_warning_and_coverage_says_so(facts_web: httpx.AsyncClient) -> None:
    scan = await scan_and_wait(facts_web, "camnoini", **NO_IMAGES)
    assert scan["status"] == "completed"
    assert len(scan["warnings"]) == 1 and MISSING_INI in scan["warnings"][0]
    report = (await facts_web.get("/api/v1/cameras/CAMNOINI/coverage", params={"date": DAY})).json()
    assert report["schedule_known"] is False
    assert report["totals"]["clips"] == 7


@pytest.mark.parametrize(
    ("path", "params", "status", "detail"),
    [
        ("coverage", {"date": "2026-13-01"}, 422, "not a calendar date"),
        ("coverage", {"date": "20261120"}, 422, "YYYY-MM-DD"),
        ("coverage", {}, 422, "date"),
        ("aggregates", {"date": DAY, "by": "minute"}, 422, "by"),
        ("aggregates", {"date": DAY, "format": "xml"}, 422, "format"),
        ("aggregates", {"date": "2026-11-2x"}, 422, "YYYY-MM-DD"),
        ("coverage", {"date": "2026-11-21"}, 404, "no recordings"),
        ("aggregates", {"date": "2026-11-21"}, 404, "no recordings"),
    ],
)
async def test_malformed_or_unknown_queries_get_a_clear_answer(
    facts_web: httpx.AsyncClient, path: str, params: dict[str, str], status: int, detail: str
) -> None:
    await scan_and_wait(facts_web, "cam01", **NO_IMAGES)
    answer = await facts_web.get(f"/api/v1/cameras/CAM01/{path}", params=params)
    assert answer.status_code == status
    assert detail in answer.json()["detail"]


async def test_a_camera_never_scanned_has_no_coverage(facts_web: httpx.AsyncClient) -> None:
    answer = await facts_web.get("/api/v1/cameras/NEVER1/coverage", params={"date": DAY})
    assert answer.status_code == 404
