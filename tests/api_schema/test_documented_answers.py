"""Every documented operation asked with real data: a 2xx whose status, media type and body match the document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from services.gateway.app import create_app
from tests.api_schema.conftest import LiveGateway
from tests.sample_card import CARD_DAY, SAMPLE_FINGERPRINT

DOCUMENT = create_app().openapi()
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
DAY = CARD_DAY.isoformat()


@dataclass(frozen=True)
class Sample:
    """Ids the answers of the scanned sample card refer to."""

    scan_id: str
    clip_id: str
    sheet: str
    watch_id: str


@dataclass(frozen=True)
class Ask:
    """One request of an operation, its parts filled from the sample."""

    method: str
    path: str
    parts: Callable[[Sample], dict[str, Any]]
    status: int = 200


def _camera(**query: Any) -> Callable[[Sample], dict[str, Any]]:
    """Parts of a CAM01 request with this query."""
    return lambda _: {"path_parameters": {"id": "CAM01"}, "query": query}


def _day(**query: Any) -> Callable[[Sample], dict[str, Any]]:
    """Parts of a request about CAM01's sample day."""
    return _camera(date=DAY, **query)


def _clip(**query: Any) -> Callable[[Sample], dict[str, Any]]:
    """Parts of a request about the sample clip."""
    return lambda sample: {"path_parameters": {"clip_id": sample.clip_id}, "query": query}


ASKS = {
    "cameras": Ask("GET", "/api/v1/cameras", lambda _: {}),
    "camera overview": Ask("GET", "/api/v1/cameras/{id}", _camera()),
    "storage": Ask("GET", "/api/v1/cameras/{id}/storage", _camera()),
    "dates": Ask("GET", "/api/v1/cameras/{id}/dates", _camera()),
    "recordings": Ask("GET", "/api/v1/cameras/{id}/recordings", _day(hour=2)),
    "recordings as CSV": Ask("GET", "/api/v1/cameras/{id}/recordings", _day(format="csv")),
    "recordings, Accept: text/csv": Ask("GET", "/api/v1/cameras/{id}/recordings",
                                        lambda s: {**_day()(s), "headers": {"accept": "text/csv"}}),
    "coverage": Ask("GET", "/api/v1/cameras/{id}/coverage", _day()),
    "aggregates by hour": Ask("GET", "/api/v1/cameras/{id}/aggregates", _day(by="hour")),
    "aggregates as CSV": Ask("GET", "/api/v1/cameras/{id}/aggregates", _day(format="csv")),
    "reachability": Ask("GET", "/api/v1/cameras/{id}/reachability", _camera()),
    "host key": Ask("GET", "/api/v1/cameras/{id}/host-key", _camera()),
    "trust the host key": Ask("POST", "/api/v1/cameras/{id}/host-key/trust",
                              lambda _: {"path_parameters": {"id": "CAM01"},
                                         "body": {"fingerprint": SAMPLE_FINGERPRINT}}),
    "focus": Ask("POST", "/api/v1/cameras/{id}/focus",
                 lambda _: {"path_parameters": {"id": "CAM01"}, "body": {"date": DAY}}, 202),
    "sprite index": Ask("GET", "/api/v1/cameras/{id}/sprites", _day(hour=2)),
    "sprite sheet": Ask("GET", "/api/v1/cameras/{id}/sprites/{date}/{sheet}",
                        lambda s: {"path_parameters": {"id": "CAM01", "date": DAY, "sheet": s.sheet}}),
    "scan": Ask("GET", "/api/v1/scans/{scan_id}", lambda s: {"path_parameters": {"scan_id": s.scan_id}}),
    "scan errors": Ask("GET", "/api/v1/scans/{scan_id}/errors", lambda s: {"path_parameters": {"scan_id": s.scan_id}}),
    "thumbnail": Ask("GET", "/api/v1/clips/{clip_id}/thumbnail", _clip()),
    "thumbnail rendered as JPEG": Ask("GET", "/api/v1/clips/{clip_id}/thumbnail", _clip(width=200, format="jpeg")),
    "preview": Ask("GET", "/api/v1/clips/{clip_id}/preview", _clip()),
    "preview rendered as GIF": Ask("GET", "/api/v1/clips/{clip_id}/preview", _clip(format="gif")),
    "export": Ask("GET", "/api/v1/cameras/{id}/export",
                  _camera(start=f"{DAY}T03:00:01Z", end=f"{DAY}T03:00:04Z")),
    "export as zip": Ask("GET", "/api/v1/cameras/{id}/export",
                         _camera(start=f"{DAY}T03:00:01Z", end=f"{DAY}T03:00:04Z", format="zip")),
    "checks": Ask("GET", "/api/v1/cameras/{id}/checks", _day()),
    "checks as JUnit": Ask("GET", "/api/v1/cameras/{id}/checks", _day(format="junit")),
    "checks as CSV": Ask("GET", "/api/v1/cameras/{id}/checks", _day(format="csv")),
    "verdicts by day": Ask("GET", "/api/v1/cameras/{id}/checks/days", _camera()),
    "video": Ask("GET", "/api/v1/clips/{clip_id}/video", _clip()),
    "video range": Ask("GET", "/api/v1/clips/{clip_id}/video",
                       lambda s: {**_clip()(s), "headers": {"range": "bytes=0-99"}}, 206),
    "health": Ask("GET", "/api/v1/health", lambda _: {}),
    "issue history": Ask("GET", "/api/v1/cameras/{id}/issues", _camera(since="2026-11-20T00:00:00Z")),
    "watches": Ask("GET", "/api/v1/watches", lambda _: {}),
    "watch": Ask("GET", "/api/v1/watches/{watch_id}", lambda s: {"path_parameters": {"watch_id": s.watch_id}}),
    "watch report": Ask("GET", "/api/v1/watches/{watch_id}/report",
                        lambda s: {"path_parameters": {"watch_id": s.watch_id}}),
    "watch report as JUnit": Ask("GET", "/api/v1/watches/{watch_id}/report",
                                 lambda s: {"path_parameters": {"watch_id": s.watch_id}, "query": {"format": "junit"}}),
    "watch report as CSV": Ask("GET", "/api/v1/watches/{watch_id}/report",
                               lambda s: {"path_parameters": {"watch_id": s.watch_id}, "query": {"format": "csv"}}),
    "start a watch": Ask("POST", "/api/v1/cameras/{id}/watch",
                         lambda _: {"path_parameters": {"id": "NOCAM02"}, "body": {"every_s": 600}}, 201),
    "stop a watch": Ask("DELETE", "/api/v1/watches/{watch_id}",
                        lambda s: {"path_parameters": {"watch_id": s.watch_id}}),
    "fleet": Ask("GET", "/api/v1/fleet", lambda _: {"query": {"date": DAY, "days": 3}}),
    "metrics": Ask("GET", "/metrics", lambda _: {}),
    # Last: a new scan of an unresolvable camera, so the sample's data stays as it is.
    "start a scan": Ask("POST", "/api/v1/cameras/{id}/scans",
                        lambda _: {"path_parameters": {"id": "NOCAM01"}, "body": {"dates": [DAY]}}, 202),
}


@pytest.fixture(scope="module")
async def sample(live_gateway: LiveGateway) -> Sample:
    """A clip with both images, and the sheet of the sample's first hour."""
    gateway = live_gateway.client
    clips = (await gateway.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY, "hour": 2})).json()
    clip_id = next(clip["clip_id"] for clip in clips if clip["thumbnail_url"] and clip["preview_url"])
    index = (await gateway.get("/api/v1/cameras/CAM01/sprites", params={"date": DAY, "hour": 2})).json()
    watch = (await gateway.post("/api/v1/cameras/NOCAM01/watch", json={"every_s": 600})).json()
    return Sample(live_gateway.scan_id, clip_id, index["image_url"].rsplit("/", 1)[-1], watch["watch_id"])


def test_every_documented_operation_is_asked() -> None:
    documented = {(method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item}
    assert documented == {(ask.method, ask.path) for ask in ASKS.values()}


@pytest.mark.parametrize("name", list(ASKS))
async def test_a_good_request_gets_the_documented_answer(name: str, live_gateway: LiveGateway,
                                                         sample: Sample) -> None:
    ask = ASKS[name]
    parts = ask.parts(sample)
    case = SCHEMA[ask.path][ask.method].Case(media_type="application/json" if "body" in parts else None, **parts)
    request = case.as_transport_kwargs(base_url=str(live_gateway.client.base_url).rstrip("/"))
    request.pop("cookies", None)
    response = await live_gateway.client.request(**request)
    assert response.status_code == ask.status, response.text[:300]
    case.validate_response(response, checks=CHECKS)
