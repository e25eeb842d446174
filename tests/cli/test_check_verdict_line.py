"""`sdb check`'s verdict line names each day judged only in part (up to the camera's clock), never a whole day."""

from __future__ import annotations

from typing import Any

import pytest

from libs.cli.check_report import verdict_line

BASE: dict[str, Any] = {"camera_id": "CAM01", "from": "2026-12-05", "to": "2026-12-06", "verdict": "pass",
                        "summary": {"issues": 0, "clips": 2600}}


def _day(date: str, judged_until: str | None) -> dict[str, Any]:
    return {"date": date, "verdict": "pass", "clips": 1300, "issues": 0, "by_check": {}, "judged_until": judged_until}


def test_today_judged_up_to_the_camera_clock_is_named_and_a_whole_day_is_not() -> None:
    answer = {**BASE, "days": [_day("2026-12-05", "2026-12-06T00:00:00Z"), _day("2026-12-06", "2026-12-06T20:41:07Z")]}
    assert verdict_line(answer) == "CAM01 2026-12-05..2026-12-06: pass (0 issues in 2600 clips); " \
                                   "2026-12-06 judged until 20:41:07Z"


@pytest.mark.parametrize("days", [[], [_day("2026-12-06", None)], [_day("2026-12-05", "2026-12-06T00:00:00+00:00")]])
def test_no_day_judged_in_part_leaves_the_line_as_it_was(days: list[dict[str, Any]]) -> None:
    assert verdict_line({**BASE, "days": days}) == "CAM01 2026-12-05..2026-12-06: pass (0 issues in 2600 clips)"


def test_an_answer_without_days_from_an_older_server_is_still_a_line() -> None:
    assert verdict_line(BASE).endswith("(0 issues in 2600 clips)")
