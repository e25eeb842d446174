"""Real dates at the ends of the calendar (year 1, year 9999) get a 4xx with a detail, never a 500, on every dated
operation and the export; an unexpected 500 anywhere is logged with the request."""

from __future__ import annotations

import httpx
import pytest
import structlog
from fastapi import FastAPI
from fastapi.testclient import TestClient

from libs.common.service.unexpected_errors import log_unexpected_errors
from tests.bad_input.api_operations import Operation, operations_with
from tests.bad_input.quiet_system import QuietWatch, assert_refused

EDGES = ["0001-01-01", "0001-01-02", "9999-12-31", "9999-12-30"]
EXPORT = "/api/v1/cameras/CAM01/export"


@pytest.mark.parametrize("operation", operations_with("date"), ids=lambda operation: operation.path)
@pytest.mark.parametrize("date", EDGES)
async def test_every_dated_operation_answers_a_calendar_edge_without_a_server_error(
    api: httpx.AsyncClient, watch: QuietWatch, operation: Operation, date: str
) -> None:
    before = await watch.snapshot()
    answer = await api.request(operation.method, operation.url(date=date))
    assert answer.status_code < 500, answer.text
    assert await watch.snapshot() == before


@pytest.mark.parametrize(("start", "end"), [("0001-01-01T00:00:00Z", "0001-01-01T01:00:00Z"),
                                           ("0001-01-01T00:30:00+01:00", "0001-01-01T02:00:00Z"),
                                           ("9999-12-31T22:00:00Z", "9999-12-31T23:59:59Z")])
async def test_an_export_range_at_the_ends_of_the_calendar_is_refused_with_422(
    api: httpx.AsyncClient, start: str, end: str
) -> None:
    answer = await api.get(EXPORT, params={"start": start, "end": end})
    assert_refused(answer, statuses=(422,))
    assert "start" in answer.json()["detail"] or "end" in answer.json()["detail"]


@pytest.mark.parametrize(("first", "last"), [("0001-01-01", "0001-01-02"), ("9999-12-30", "9999-12-31")])
async def test_checks_over_days_at_the_ends_of_the_calendar_answer_without_a_server_error(
    api: httpx.AsyncClient, first: str, last: str
) -> None:
    answer = await api.get("/api/v1/cameras/CAM01/checks", params={"first": first, "last": last})
    assert answer.status_code < 500, answer.text


def test_an_unexpected_error_answers_500_with_a_detail_and_is_logged() -> None:
    app = FastAPI()
    log_unexpected_errors(app)

    @app.get("/boom")
    async def boom() -> None:
        raise OverflowError("date value out of range")

    with structlog.testing.capture_logs() as logs, TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/boom")
    assert answer.status_code == 500 and answer.json() == {"detail": "internal error: the service logged it"}
    assert [(entry["event"], entry["path"], entry["error"]) for entry in logs if entry["log_level"] == "error"] == [
        ("request failed", "/boom", "OverflowError")]
