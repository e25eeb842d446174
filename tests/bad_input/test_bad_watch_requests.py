"""Watch requests with a short interval, a past or zoneless end, a bad camera id or a non-http(s) webhook are
refused with 4xx JSON; no watch is stored, nothing is queued, the camera is not reached."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.bad_input.quiet_system import QuietWatch, assert_refused

WATCH = "/api/v1/cameras/CAM01/watch"
FUTURE = (datetime.now(UTC) + timedelta(days=1)).isoformat()
JUST_PAST = (datetime.now(UTC) - timedelta(seconds=5)).isoformat()
BAD_BODIES: list[Any] = [
    {"every_s": 29.9},
    {"every_s": 0},
    {"every_s": -300},
    {"every_s": "NaN"},
    {"every_s": "5m"},
    {"every_s": 1e308},
    {"every_s": 300, "until": "2020-01-01T00:00:00Z"},
    {"every_s": 300, "until": JUST_PAST},
    {"every_s": 300, "until": "2099-01-01T00:00:00"},
    {"every_s": 300, "until": "tomorrow"},
    {"every_s": 300, "until": FUTURE, "webhook_urls": ["ftp://alerts.example/hook"]},
    {"every_s": 300, "webhook_urls": ["file:///etc/passwd"]},
    {"every_s": 300, "webhook_urls": ["javascript:alert(1)"]},
    {"every_s": 300, "webhook_urls": ["http://user:pw@alerts.example/hook"]},
    {"every_s": 300, "webhook_urls": ["http:///no-host"]},
    {"every_s": 300, "webhook_urls": ["http://alerts.example/a b"]},
    {"every_s": 300, "webhook_urls": "http://alerts.example/hook"},
    [],
    "300",
]


def _body_id(body: Any) -> str:
    """A test id that is the same in every pytest-xdist worker: times of now are named, not printed."""
    return json.dumps(body).replace(FUTURE, "<tomorrow>").replace(JUST_PAST, "<5 s ago>")[:50]


@pytest.mark.parametrize("body", BAD_BODIES, ids=_body_id)
async def test_a_bad_watch_body_is_refused_and_nothing_is_watched(api: httpx.AsyncClient, watch: QuietWatch,
                                                                  body: Any) -> None:
    before = await watch.snapshot()
    assert_refused(await api.post(WATCH, json=body), statuses=(422,))
    assert await watch.snapshot() == before
    assert (await api.get("/api/v1/watches")).json() == []


@pytest.mark.parametrize("camera_id", ["..", "CAM 01", "a" * 300, "CAM01;reboot", "%2e%2e"])
async def test_a_watch_on_an_invalid_camera_id_is_refused(api: httpx.AsyncClient, watch: QuietWatch,
                                                          camera_id: str) -> None:
    before = await watch.snapshot()
    answer = await api.post(f"/api/v1/cameras/{camera_id}/watch", json={"every_s": 300})
    assert_refused(answer)
    assert await watch.snapshot() == before
    assert (await api.get("/api/v1/watches")).json() == []


@pytest.mark.parametrize("path", ["/api/v1/watches/nope", "/api/v1/watches/" + "0" * 32,
                                  "/api/v1/watches/" + "0" * 32 + "/report"])
async def test_an_unknown_watch_is_not_found(api: httpx.AsyncClient, path: str) -> None:
    assert_refused(await api.get(path), statuses=(404,))
    assert_refused(await api.delete(path.removesuffix("/report")), statuses=(404, 405))


async def test_issues_since_a_time_without_a_zone_is_refused(api: httpx.AsyncClient) -> None:
    assert_refused(await api.get("/api/v1/cameras/CAM01/issues", params={"since": "2026-12-01T00:00:00"}),
                   statuses=(422,))
    assert_refused(await api.get("/api/v1/cameras/CAM01/issues", params={"since": "yesterday"}), statuses=(422,))
