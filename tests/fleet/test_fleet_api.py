"""GET /api/v1/fleet: one row per camera from stored documents, worst first; bad input gets a JSON 4xx."""

from __future__ import annotations

import httpx
import pytest

from tests.fleet.conftest import TODAY


async def test_the_fleet_has_a_row_per_camera_worst_first(fleet_web: httpx.AsyncClient) -> None:
    answer = await fleet_web.get("/api/v1/fleet")
    assert answer.status_code == 200
    fleet = answer.json()
    assert fleet["today"] == TODAY.isoformat()
    rows = {row["camera_id"]: row for row in fleet["cameras"]}
    assert [row["camera_id"] for row in fleet["cameras"]] == ["DOWN02", "CAM01"], "unreachable before today's fail"
    down, recording = rows["DOWN02"], rows["CAM01"]
    assert down["state"] == "unreachable" and "cannot reach camera DOWN02" in down["state_detail"]
    assert down["verdict_today"] is None and down["free_bytes"] is None
    assert recording["state"] == "idle" and recording["last_scan_status"] == "completed"
    assert recording["verdict_today"] == "fail", "the builder's gap and broken clips fail today"
    assert recording["open_issues"]["gap"] >= 1 and recording["open_issues"]["broken"] >= 1
    assert sum(count["count"] for count in recording["issue_counts"]) == sum(recording["open_issues"].values())
    assert recording["free_bytes"] > 0 and recording["retention_days"] > 0
    assert abs(recording["clock_offset_s"]) < 5 and recording["uptime_s"] > 0, "the simulator's clock is ours"
    assert 0 <= recording["recorded_ratio_today"] <= 1 and recording["gap_s_today"] > 0
    assert [mark["date"] for mark in recording["days"]][-1] == TODAY.isoformat()
    assert len(recording["days"]) == 7 and recording["days"][-1]["verdict"] == "fail"


async def test_the_strip_length_and_the_day_judged_can_be_chosen(fleet_web: httpx.AsyncClient) -> None:
    fleet = (await fleet_web.get("/api/v1/fleet", params={"days": 2, "date": "2020-01-02"})).json()
    assert fleet["today"] == "2020-01-02"
    assert all([mark["date"] for mark in row["days"]] == ["2020-01-01", "2020-01-02"] for row in fleet["cameras"])
    assert all(row["verdict_today"] is None for row in fleet["cameras"])


@pytest.mark.parametrize("params", [{"date": "2026-02-30"}, {"date": "yesterday"}, {"date": "2026-01-01T00"},
                                    {"days": "0"}, {"days": "32"}, {"days": "seven"}])
async def test_bad_fleet_input_gets_a_json_422(fleet_web: httpx.AsyncClient, params: dict[str, str]) -> None:
    answer = await fleet_web.get("/api/v1/fleet", params=params)
    assert answer.status_code == 422 and answer.json()["detail"]


async def test_a_camera_filter_answers_only_those_rows(fleet_web: httpx.AsyncClient) -> None:
    fleet = (await fleet_web.get("/api/v1/fleet", params=[("camera", "cam01"), ("camera", "NOSUCH9")])).json()
    assert [row["camera_id"] for row in fleet["cameras"]] == ["CAM01"]
    bad = await fleet_web.get("/api/v1/fleet", params={"camera": "not/an id"})
    assert bad.status_code == 400 and "invalid camera id" in bad.json()["detail"]
