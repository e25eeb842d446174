"""A checks request with a bad day, range, tolerance, expected value or format is refused and changes nothing."""

from __future__ import annotations

import annotated_types
import httpx
import pytest

from libs.common.contracts.api.checks import CheckQuery
from tests.bad_input.quiet_system import QuietWatch, assert_refused
from tests.bad_input.test_bad_dates_hours_and_formats import BAD_DATES

CHECKS = "/api/v1/cameras/CAM01/checks"
DAY = "2026-11-20"


def _one_past_each_limit() -> list[tuple[str, str]]:
    """For every tolerance and expected value: the values just outside its bounds."""
    cases = []
    for name, field in CheckQuery.model_fields.items():
        step = 1 if field.annotation in (int, int | None) else 0.001
        for bound in field.metadata:
            if isinstance(bound, annotated_types.Ge):
                cases.append((name, str(bound.ge - step)))
            elif isinstance(bound, annotated_types.Gt):
                cases.append((name, str(bound.gt)))
            elif isinstance(bound, annotated_types.Le):
                cases.append((name, str(bound.le + step)))
    return cases


NOT_NUMBERS = ["nan", "inf", "-inf", "\uff11", "\u0661\u0662", "", "1_0", "9" * 5000, "0x10", "1e400"]


@pytest.mark.parametrize(("name", "value"), _one_past_each_limit())
async def test_a_value_one_past_its_limit_is_refused(api: httpx.AsyncClient, watch: QuietWatch, name: str,
                                                     value: str) -> None:
    before = await watch.snapshot()
    answer = await api.get(CHECKS, params={"date": DAY, name: value})
    assert_refused(answer, statuses=(422,))
    assert name in answer.json()["detail"]
    assert await watch.snapshot() == before


@pytest.mark.parametrize("name", ["gap_tolerance_s", "expected_width"])
@pytest.mark.parametrize("value", NOT_NUMBERS, ids=lambda value: repr(value[:8]))
async def test_a_tolerance_or_expected_value_that_is_no_plain_number_is_refused(
    api: httpx.AsyncClient, watch: QuietWatch, name: str, value: str
) -> None:
    before = await watch.snapshot()
    assert_refused(await api.get(CHECKS, params={"date": DAY, name: value}), statuses=(422,))
    assert await watch.snapshot() == before


@pytest.mark.parametrize(("where", "bad"), [("date", bad) for bad in BAD_DATES]
                         + [(where, bad) for where in ("from", "to") for bad in BAD_DATES[::3]],
                         ids=lambda value: repr(value[:14]))
async def test_a_bad_day_is_refused(api: httpx.AsyncClient, watch: QuietWatch, where: str, bad: str) -> None:
    params = {"date": bad} if where == "date" else {"from": DAY, "to": DAY, where: bad}
    before = await watch.snapshot()
    assert_refused(await api.get(CHECKS, params=params), statuses=(422,))
    assert await watch.snapshot() == before


@pytest.mark.parametrize(("params", "reason"), [
    ({"from": "2026-11-21", "to": "2026-11-20"}, "must not be after"),
    ({"from": "2026-11-01", "to": "2026-12-02"}, "at most 31 days"),
    ({"from": "2025-11-20", "to": "2026-11-20"}, "at most 31 days"),
    ({"date": DAY, "from": DAY, "to": DAY}, "either date"),
    ({"from": DAY}, "either date"),
    ({"to": DAY}, "either date"),
    ({"date": DAY, "format": "xml"}, "format"),
    ({"date": DAY, "format": "JUNIT"}, "format"),
])
async def test_a_bad_range_or_format_is_refused_with_the_reason(api: httpx.AsyncClient, watch: QuietWatch,
                                                                params: dict[str, str], reason: str) -> None:
    before = await watch.snapshot()
    answer = await api.get(CHECKS, params=params)
    assert_refused(answer, statuses=(422,))
    assert reason in answer.json()["detail"]
    assert await watch.snapshot() == before


async def test_thirty_one_days_or_no_day_at_all_is_a_valid_request(api: httpx.AsyncClient) -> None:
    for params in ({"from": "2026-11-01", "to": "2026-12-01"}, {}):
        answer = await api.get(CHECKS, params=params)
        assert answer.status_code == 404 and "scan it first" in answer.json()["detail"]


async def test_repeated_parameters_do_not_slip_past_the_limits(api: httpx.AsyncClient) -> None:
    assert_refused(await api.get(f"{CHECKS}?date={DAY}&gap_tolerance_s=1&gap_tolerance_s=-5"), statuses=(422,))
