"""Scan events are types: one model per kind, one union, read the same by the web hub, the page and the API schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.envelope import Envelope, MalformedMessage
from libs.common.contracts.events import (
    EVENT_KINDS,
    SCAN_EVENT,
    ClipReadEvent,
    ClipThumbnailEvent,
    ScanCompletedEvent,
    ScanProgressEvent,
    StorageEvent,
    open_event,
)
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.settings import Settings
from services.gateway.app import create_app
from services.web.app import create_web_app
from services.web.event_hub import EventHub
from services.web.event_kinds_js import event_kinds_module
from services.web.sse_stream import frame

STATIC = Path(__file__).resolve().parents[2] / "services" / "web" / "static"
KINDS = ["scan.running", "storage", "scan.progress", "clip", "day.scanned", "clip.thumbnail", "clip.preview",
         "clip.failed", "scan.completed", "scan.failed", "check.issue", "watch.tick"]
IDS = {"scan_id": "a" * 32, "camera_id": "CAM01"}


def test_the_twelve_event_kinds_keep_their_names() -> None:
    assert list(EVENT_KINDS) == KINDS


def test_an_event_travels_in_an_envelope_and_comes_out_as_its_own_type() -> None:
    sent = ScanProgressEvent(**IDS, clips_total=10, clips_done=3, errors=1, bytes_read=4096)
    received = open_event(Envelope.from_bytes(Envelope.wrap(sent).to_bytes()))
    assert received == sent and isinstance(received, ScanProgressEvent)
    assert received.phase == "metadata"


def test_the_browser_gets_kind_ids_time_and_the_kinds_fields_flat() -> None:
    storage = StorageEvent(**IDS, total_bytes=100, used_bytes=60, free_bytes=40, recordings_bytes=50, oldest=None,
                           newest=None)
    body = storage.model_dump(mode="json")
    assert list(body)[:4] == ["kind", "scan_id", "camera_id", "time"]
    assert body["kind"] == "storage" and body["recordings_bytes"] == 50
    assert SCAN_EVENT.validate_json(json.dumps(body)) == storage


@pytest.mark.parametrize("payload", [
    {"kind": "scan.exploded", **IDS},
    {"kind": "clip.thumbnail", **IDS, "url": "/x"},
    {"kind": "scan.failed", **IDS},
    {"scan_id": "x"},
])
def test_an_event_of_no_known_shape_is_malformed(payload: dict[str, str]) -> None:
    with pytest.raises(MalformedMessage):
        open_event(Envelope(type="scan.event", payload=payload))


def test_a_message_that_is_not_an_event_is_malformed() -> None:
    with pytest.raises(MalformedMessage):
        open_event(Envelope.wrap(ScanRequested(scan_id="s", camera_id="CAM01")))


async def test_the_hub_keeps_each_per_clip_kind_once_per_clip_and_one_end_per_scan() -> None:
    hub = EventHub()
    clip = ClipView(clip_id="CAM01~2026-11-20~f1", path="2026-11-20/02/20261120-020000.mp4",
                    start="2026-11-20T02:00:00", size_bytes=1000, status="unreadable", error="no moov box",
                    duration_s=None, container=None, video=None, audio=None, bytes_read=16,
                    thumbnail_bytes_read=0, preview_bytes_read=0, thumbnail_url=None, preview_url=None)
    first = ClipReadEvent(**IDS, clip_id=clip.clip_id, clip=clip)
    thumbnail = ClipThumbnailEvent(**IDS, clip_id=clip.clip_id, url="/api/v1/clips/x/thumbnail")
    other = ClipThumbnailEvent(**IDS, clip_id="CAM01~2026-11-20~f2", url="/api/v1/clips/y/thumbnail")
    for event in (first, first, thumbnail, thumbnail, other, ScanCompletedEvent(**IDS), ScanCompletedEvent(**IDS)):
        await hub.receive(Envelope.wrap(event))
    await hub.receive(Envelope(type="scan.event", payload={"kind": "nonsense"}))
    kept = hub.after(IDS["scan_id"], 0)
    assert [event.kind for event in kept] == ["clip", "clip.thumbnail", "clip.thumbnail", "scan.completed"]
    assert hub.ended(IDS["scan_id"])
    data = json.loads(frame(kept[0]).split("data: ", 1)[1])
    assert data == first.model_dump(mode="json")


async def test_the_page_takes_the_kind_names_from_the_generated_module() -> None:
    app = create_web_app(Settings(demo_camera=False), InMemoryBroker(), httpx.AsyncClient())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://web") as web:
        served = await web.get("/static/event_kinds.js")
    assert served.status_code == 200 and served.headers["content-type"].startswith("text/javascript")
    assert served.text == event_kinds_module()
    assert all(f'"{kind}"' in served.text for kind in KINDS)


def test_no_page_script_spells_an_event_kind_itself() -> None:
    spelled = re.compile("|".join(rf"[\"'`]{re.escape(kind)}[\"'`]" for kind in KINDS))
    offenders = {path.name for path in STATIC.glob("*.js") if spelled.search(path.read_text())}
    assert not offenders, f"use KIND from ./event_kinds.js in {sorted(offenders)}"


def test_the_openapi_document_publishes_the_event_union() -> None:
    document = create_app(settings=Settings(demo_camera=False)).openapi()
    schemas = document["components"]["schemas"]
    union = schemas["ScanEvent"]
    assert union["discriminator"]["propertyName"] == "kind"
    assert sorted(union["discriminator"]["mapping"]) == sorted(KINDS)
    for reference in union["discriminator"]["mapping"].values():
        model = schemas[reference.rsplit("/", 1)[-1]]
        assert {"kind", "scan_id", "camera_id", "time"} <= set(model["required"])
