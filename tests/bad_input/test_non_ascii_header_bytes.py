"""Request headers holding bytes past ASCII (latin-1, UTF-8 sequences, lone high bytes) are passed on or refused,
never a 500 from the web service's proxy; on /api/v1/health too, with and without an API token."""

from __future__ import annotations

import httpx
import pytest

from tests.bad_input.quiet_system import QuietWatch, assert_refused, with_and_without_token

pytestmark = with_and_without_token
VALUES = [b"\xe9t\xe9", "カメラ".encode(), b"\xff\xfe\x80", b"caf\xe9 \xb2\xb3", bytes(range(0x80, 0x100))]
HEADERS = ["X-Anything", "User-Agent", "Accept", "Accept-Language", "Referer", "Range", "If-None-Match",
           "Last-Event-ID", "Cookie", "Authorization", "Content-Type"]
PATHS = [("GET", "/api/v1/health"), ("GET", "/api/v1/cameras"), ("GET", "/api/v1/cameras/CAM01/dates"),
         ("POST", "/api/v1/cameras/cam%3B01/scans")]  # a refused id: nothing may start


@pytest.mark.parametrize("header", HEADERS)
async def test_a_header_with_bytes_past_ascii_never_gets_a_500(
    api: httpx.AsyncClient, watch: QuietWatch, header: str, api_token: str | None
) -> None:
    for value in VALUES:
        for method, path in PATHS:
            before = await watch.snapshot()
            headers = {header: value}
            if header == "Authorization" and api_token:
                headers[header] = f"Bearer {api_token}".encode() + value  # a wrong token, not a missing one
            answer = await api.request(method, path, headers=headers,
                                       content=b"{}" if method == "POST" else None)
            assert answer.status_code < 500, (header, value, path, answer.status_code, answer.text[:300])
            if answer.status_code >= 400:
                assert_refused(answer, statuses=(400, 401, 404, 415, 422))
            assert await watch.snapshot() == before, (header, value, path)


async def test_the_health_check_answers_a_probe_without_token_whatever_its_headers(
    api: httpx.AsyncClient, api_token: str | None
) -> None:
    api.headers.pop("Authorization", None)
    for value in VALUES:
        answer = await api.get("/api/v1/health", headers={name: value for name in HEADERS})
        assert answer.status_code == 200, answer.text[:300]
        assert answer.json()["status"] == "ok"
