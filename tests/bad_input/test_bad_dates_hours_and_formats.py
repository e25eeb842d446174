"""Query parameters that are not real dates, hours or formats are refused with a readable detail."""

from __future__ import annotations

import httpx
import pytest

from tests.bad_input.api_operations import Operation, operations_with
from tests.bad_input.quiet_system import QuietWatch, assert_refused

RECORDINGS = "/api/v1/cameras/CAM01/recordings"
ARABIC_INDIC_DATE = "\u0662\u0660\u0662\u0666-\u0661\u0661-\u0662\u0660"
BAD_DATES = ["2026-02-30", "2026-13-01", "2026-00-10", "20261120", "2026-1-1", "26-11-20", "2026/11/20",
             "2026-11-20T00:00", " 2026-11-20", "yesterday", "", "2026-11-20" * 1000, ARABIC_INDIC_DATE,
             "2026-11-2\x00"]


@pytest.mark.parametrize("operation", operations_with("date"), ids=lambda operation: operation.path)
@pytest.mark.parametrize("date", BAD_DATES, ids=lambda date: repr(date[:14]))
async def test_every_dated_operation_refuses_a_bad_date(api: httpx.AsyncClient, watch: QuietWatch,
                                                        operation: Operation, date: str) -> None:
    before = await watch.snapshot()
    assert_refused(await api.request(operation.method, operation.url(date=date)))
    assert await watch.snapshot() == before


async def test_a_recordings_query_without_a_date_is_refused(api: httpx.AsyncClient) -> None:
    assert_refused(await api.get(RECORDINGS), statuses=(422,))


BAD_HOURS = ["-1", "24", "x", "1.5", "", "99999999999999999999999", "\uff13"]


@pytest.mark.parametrize("hour", BAD_HOURS)
async def test_a_recordings_query_with_a_bad_hour_is_refused(api: httpx.AsyncClient, watch: QuietWatch,
                                                             hour: str) -> None:
    before = await watch.snapshot()
    assert_refused(await api.get(RECORDINGS, params={"date": "2026-11-20", "hour": hour}), statuses=(422,))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("operation", operations_with("hour"), ids=lambda operation: operation.path)
@pytest.mark.parametrize("hour", BAD_HOURS)
async def test_every_hourly_operation_refuses_a_bad_hour(api: httpx.AsyncClient, watch: QuietWatch,
                                                         operation: Operation, hour: str) -> None:
    before = await watch.snapshot()
    assert_refused(await api.request(operation.method, operation.url(hour=hour)))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("format_name", ["xml", "CSV ", "", "json;csv", "../csv"])
async def test_a_recordings_query_with_an_unknown_format_is_refused(api: httpx.AsyncClient,
                                                                    format_name: str) -> None:
    assert_refused(await api.get(RECORDINGS, params={"date": "2026-11-20", "format": format_name}),
                   statuses=(422,))


async def test_repeated_query_parameters_do_not_confuse_the_validation(api: httpx.AsyncClient) -> None:
    answer = await api.get(f"{RECORDINGS}?date=2026-11-20&date=2026-02-30&hour=1&hour=x")
    assert_refused(answer)
