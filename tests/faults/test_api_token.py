"""With SDB_API_TOKEN set, every /api/v1 request and event stream needs the token, on web and gateway alike."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from tests.e2e.sse_client import read_events
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import serve_app

TOKEN = "t0ken-for-tests-only"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def guarded(make_embedded: EmbeddedFactory, camera_server: int) -> AsyncIterator[tuple[str, str]]:
    """The embedded product with an API token; yields the web and gateway base URLs."""
    async with make_embedded([camera_target(camera_server)], preview_frames=2, api_token=SecretStr(TOKEN)) as system, \
            serve_app(system.web_app) as web_url, serve_app(system.gateway_app) as gateway_url:
        yield web_url, gateway_url


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
async def test_requests_without_the_right_token_get_401_with_a_detail(
    guarded: tuple[str, str], headers: dict[str, str]
) -> None:
    web_url, gateway_url = guarded
    common = [("GET", "/api/v1/cameras"), ("POST", "/api/v1/cameras/CAM01/scans"), ("GET", "/api/v1/openapi.json")]
    for base_url, requests in ((web_url, [*common, ("GET", "/api/v1/scans/abc/events")]), (gateway_url, common)):
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=10) as client:
            for method, path in requests:
                answer = await client.request(method, path, json={} if method == "POST" else None)
                assert answer.status_code == 401, (base_url, path, answer.text)
                assert "API token" in answer.json()["detail"]


async def test_a_scan_works_end_to_end_with_the_token_in_header_and_query(guarded: tuple[str, str]) -> None:
    web_url, gateway_url = guarded
    async with httpx.AsyncClient(base_url=web_url, headers=BEARER, timeout=30) as web:
        scan_id = (await web.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
    async with httpx.AsyncClient(base_url=web_url, timeout=30) as browser:
        events = await read_events(browser, f"/api/v1/scans/{scan_id}/events?token={TOKEN}", timeout_s=60)
        assert events[-1].kind == "scan.completed"
        page = await browser.get("/")
        assert page.status_code == 200
    async with httpx.AsyncClient(base_url=gateway_url, headers=BEARER, timeout=10) as gateway:
        assert (await gateway.get(f"/api/v1/scans/{scan_id}")).json()["status"] == "completed"


async def test_the_health_check_stays_open_for_probes(guarded: tuple[str, str]) -> None:
    async with httpx.AsyncClient(base_url=guarded[1], timeout=10) as gateway:
        assert (await gateway.get("/api/v1/health")).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/cameras", "/api/v1/scans/" + "0" * 32, "/api/v1/openapi.json",
                                  "/api/v1/cameras/CAM01/dates"])
async def test_a_token_in_the_query_of_an_api_call_is_refused(guarded: tuple[str, str], path: str) -> None:
    for base_url in guarded:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
            answer = await client.get(path, params={"token": TOKEN})
        assert answer.status_code == 401, (base_url, path)
        assert "event streams only" in answer.json()["detail"]


@pytest.mark.parametrize("page", ["/", "/CAM01", "/CAM01/2026-11-20", "/api/v1/docs"])
async def test_a_page_opened_with_the_token_sets_an_http_only_cookie_and_drops_it_from_the_address(
    guarded: tuple[str, str], page: str
) -> None:
    web_url, _ = guarded
    async with httpx.AsyncClient(base_url=web_url, timeout=10) as browser:
        first = await browser.get(page, params={"keep": "1", "token": TOKEN})
        assert first.status_code == 303
        assert first.headers["location"] == f"{page}?keep=1"
        cookie = first.headers["set-cookie"]
        assert cookie.startswith("sdb_token=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert (await browser.get(first.headers["location"])).status_code == 200
    async with httpx.AsyncClient(base_url=web_url, timeout=10) as stranger:
        wrong = await stranger.get(page, params={"token": "wrong"})
        assert wrong.status_code == 401 and "API token" in wrong.json()["detail"]


async def test_the_cookie_carries_the_token_for_api_calls_images_and_event_streams(
    guarded: tuple[str, str]
) -> None:
    web_url, gateway_url = guarded
    async with httpx.AsyncClient(base_url=web_url, timeout=30, follow_redirects=True) as browser:
        assert (await browser.get("/", params={"token": TOKEN})).status_code == 200
        scan_id = (await browser.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
        events = await read_events(browser, f"/api/v1/scans/{scan_id}/events", timeout_s=60)
        assert events[-1].kind == "scan.completed"
        thumbnail = next(event.data for event in events if event.kind == "clip.thumbnail")
        clip_id = thumbnail["clip_id"]
        assert (await browser.get(f"/api/v1/clips/{clip_id}/thumbnail")).status_code == 200
        assert (await browser.get("/api/v1/cameras/CAM01/recordings",
                                  params={"date": "2026-11-20", "format": "csv"})).status_code == 200
        cookies = dict(browser.cookies)
    async with httpx.AsyncClient(base_url=gateway_url, cookies=cookies, timeout=10) as gateway:
        assert (await gateway.get(f"/api/v1/scans/{scan_id}")).json()["status"] == "completed"


async def test_the_api_docs_load_their_own_spec_with_the_token_set(guarded: tuple[str, str]) -> None:
    for base_url in guarded:
        async with httpx.AsyncClient(base_url=base_url, timeout=10, follow_redirects=True) as browser:
            docs = await browser.get("/api/v1/docs", params={"token": TOKEN})
            assert docs.status_code == 200 and "/api/v1/openapi.json" in docs.text
            spec = await browser.get("/api/v1/openapi.json")
            assert spec.status_code == 200 and spec.json()["info"]["title"] == "SD Card Browser API"
