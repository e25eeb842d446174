"""Numbers a client sends in headers (Range, Last-Event-ID, Content-Length) that are too long for int(), written in
other digits, or not integers at all get a 4xx with a detail, never a 500; with and without an API token."""

from __future__ import annotations

import httpx
import pytest

from services.embedded.system import EmbeddedSystem
from tests.bad_input.conftest import Scanned
from tests.bad_input.quiet_system import QuietWatch, assert_refused, with_and_without_token
from tests.bad_input.unicode_digits import SCRIPTS, in_script
from tests.e2e.sse_client import read_events

pytestmark = with_and_without_token
HUGE = "9" * 5000  # past Python's 4300-digit limit of int()
BAD_RANGES = [f"bytes={HUGE}-", f"bytes=0-{HUGE}", f"bytes=-{HUGE}", f"bytes={'1' * 19}-", f"bytes=0-{'9' * 4301}",
              *(f"bytes={in_script(script, '0-99')}" for script in SCRIPTS), "bytes=\u00b9-\u00b2",
              "bytes=0-99,100-199", "bytes=-0", "bytes=5-1", "bytes=-", "bytes=1e3-", "bytes=+1-", "bytes=0x10-",
              "items=0-99"]
BAD_EVENT_IDS = [HUGE, "9" * 19, "\u00b9\u00b2", "\u00b2", *(in_script(script, "12") for script in SCRIPTS), "-1",
                 "+1", "1.0", "0x1", "1 2", "1e3", "\u2155", "\u2460"]


async def test_a_range_that_is_no_number_we_read_is_a_416_and_reads_nothing_from_the_camera(
    api: httpx.AsyncClient, watch: QuietWatch, scanned: Scanned
) -> None:
    before = await watch.snapshot()
    video = f"/api/v1/clips/{scanned.clip_id}/video"
    for header in BAD_RANGES:
        answer = await api.get(video, headers={"Range": header.encode()})
        assert_refused(answer, statuses=(416,))
        assert answer.headers["content-range"] == f"bytes */{scanned.clip_size}"
        assert (await api.head(video, headers={"Range": header.encode()})).status_code == 416
    assert await watch.snapshot() == before


@pytest.mark.parametrize("stream", ["scan", "camera"])
async def test_a_last_event_id_that_is_no_event_id_is_a_400(
    web: httpx.AsyncClient, watch: QuietWatch, scanned: Scanned, stream: str
) -> None:
    before = await watch.snapshot()
    url = f"/api/v1/scans/{scanned.scan_id}/events" if stream == "scan" else "/api/v1/cameras/CAM01/events"
    for value in BAD_EVENT_IDS:
        assert_refused(await web.get(url, headers={"Last-Event-ID": value.encode()}), statuses=(400,))
        assert_refused(await web.get(url, params={"last_event_id": value}), statuses=(400,))
    assert await watch.snapshot() == before


async def test_a_finished_scans_stream_resumed_past_its_last_event_ends_at_once(
    web: httpx.AsyncClient, scanned: Scanned
) -> None:
    url = f"/api/v1/scans/{scanned.scan_id}/events"
    events = await read_events(web, url, timeout_s=30)
    assert events[-1].kind == "scan.completed"
    for beyond in (events[-1].id, events[-1].id + 1, 10**17):
        assert await read_events(web, url, last_event_id=beyond, timeout_s=30) == []


@pytest.mark.parametrize("app", ["web", "gateway"])
async def test_a_content_length_too_long_for_int_is_a_413(system: EmbeddedSystem, watch: QuietWatch,
                                                          api_token: str | None, app: str) -> None:
    """In process: uvicorn's own parser already refuses such a header, other servers may not."""
    before = await watch.snapshot()
    asgi_app = system.web_app if app == "web" else system.gateway_app
    headers = {"Authorization": f"Bearer {api_token}"} if api_token else {}
    async with asgi_app.router.lifespan_context(asgi_app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=asgi_app), base_url="http://probe", headers=headers) as client:
        for length in (HUGE, "9" * 19):
            request = client.build_request("POST", "/api/v1/cameras/CAM01/scans", content=b"{}",
                                           headers={"Content-Type": "application/json", "Content-Length": length})
            assert_refused(await client.send(request), statuses=(413,))
    assert await watch.snapshot() == before
