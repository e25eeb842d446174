"""The edge guard as `make run` and the services serve it: other sites' pages cannot drive the service, DNS
rebinding names are refused, and the token redirect never leaves the site."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from libs.common.service.request_guard import allowed_hosts, guarded
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import serve_app

SCAN = "/api/v1/cameras/CAM01/scans"
FACTS_ONLY = {"thumbnails": False, "previews": False}


@pytest.fixture
async def served(make_embedded: EmbeddedFactory, camera_server: int) -> AsyncIterator[tuple[str, str]]:
    """The embedded product without a token, web and gateway each behind the guard; their base URLs."""
    async with make_embedded([camera_target(camera_server)], preview_frames=2) as system, \
            serve_app(guarded(system.web_app, system.settings)) as web_url, \
            serve_app(guarded(system.gateway_app, system.settings)) as gateway_url:
        yield web_url, gateway_url


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": "null"},
                                     {"Referer": "http://evil.example/page.html"},
                                     {"Origin": "http://127.0.0.1:1"}])
async def test_a_state_changing_request_from_another_origin_gets_403_and_starts_nothing(
    served: tuple[str, str], headers: dict[str, str]
) -> None:
    for base_url in served:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
            refused = await client.post(SCAN, json=FACTS_ONLY, headers=headers)
            assert refused.status_code == 403, (base_url, refused.text)
            assert "cross-origin" in refused.json()["detail"]
            cameras = (await client.get("/api/v1/cameras")).json()
            assert all(camera["last_scan_id"] is None for camera in cameras)


async def test_the_pages_own_origin_and_clients_without_one_may_change_state(served: tuple[str, str]) -> None:
    web_url, _ = served
    async with httpx.AsyncClient(base_url=web_url, timeout=10) as client:
        own = await client.post(SCAN, json=FACTS_ONLY, headers={"Origin": web_url, "Referer": f"{web_url}/CAM01"})
        assert own.status_code == 202, own.text
        assert (await client.post(SCAN, json=FACTS_ONLY)).status_code == 202  # curl, sdb: no Origin at all


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8080", "127.0.0.1.attacker.example"])
async def test_a_host_header_the_server_does_not_go_by_gets_400_so_dns_rebinding_reads_nothing(
    served: tuple[str, str], host: str
) -> None:
    for base_url in served:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
            for path in ("/api/v1/cameras", "/"):
                refused = await client.get(path, headers={"Host": host})
                assert refused.status_code == 400, (base_url, path, refused.text)
                assert "SDB_ALLOWED_HOSTS" in refused.json()["detail"]
            assert (await client.get("/api/v1/cameras", headers={"Host": "localhost"})).status_code == 200


def test_allowed_hosts_are_the_bound_names_unless_set() -> None:
    assert allowed_hosts("", "127.0.0.1") == {"localhost", "127.0.0.1", "::1"}
    assert "qa-server" in (allowed_hosts("qa-server, QA-Server.lab.", "0.0.0.0", "http://gateway:8081") or ())
    assert "gateway" in (allowed_hosts("qa-server", "0.0.0.0", "http://gateway:8081") or ())
    assert allowed_hosts("*", "0.0.0.0") is None


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example/", "///evil.example"])
async def test_the_token_redirect_stays_on_the_site(make_embedded: EmbeddedFactory, path: str) -> None:
    async with make_embedded([], api_token=SecretStr("tok-1")) as system, serve_app(system.web_app) as web_url, \
            httpx.AsyncClient(base_url=web_url, timeout=10) as client:
        answer = await client.get(f"{web_url}{path}?token=tok-1")
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert httpx.URL(web_url).join(location).host == "127.0.0.1"
