"""Scan request bodies of the wrong shape, size or type are refused; nothing is queued or read."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.bad_input.quiet_system import QuietWatch, assert_refused
from tools.local_servers.polling import eventually

SCANS = "/api/v1/cameras/CAM01/scans"
BAD_BODIES: list[Any] = [
    {"dates": "2026-11-20"},
    {"dates": [20261120]},
    {"dates": [None]},
    {"dates": [["2026-11-20"]]},
    {"dates": []},
    {"dates": ["2026-02-30"]},
    {"dates": ["20261120"]},
    {"dates": ["2026-1-1"]},
    {"dates": ["2026-11-20" * 100]},
    {"dates": ["2026-11-20", "../../etc"]},
    {"dates": [f"2026-01-{day:02d}" for day in range(1, 32)] * 400},
    {"thumbnails": "yes please"},
    {"previews": [True]},
    {"thumbnails": {"on": True}},
    {"unknown": 1},
    {"camera_id": "OTHER"},
    {"dates": None, "sd_root": "/"},
    [],
    ["2026-11-20"],
    "2026-11-20",
    42,
    True,
]


@pytest.mark.parametrize("body", BAD_BODIES, ids=lambda body: json.dumps(body)[:40])
async def test_a_scan_body_of_the_wrong_shape_is_refused(api: httpx.AsyncClient, watch: QuietWatch,
                                                        body: Any) -> None:
    before = await watch.snapshot()
    assert_refused(await api.post(SCANS, json=body), statuses=(422,))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("raw", [b"{", b"{'dates': null}", b"not json", b"\xff\xfe\x00", b'{"dates": [}',
                                 b'{"dates": null}{"dates": null}', b"NaN"])
async def test_a_scan_body_that_is_not_json_is_refused(api: httpx.AsyncClient, watch: QuietWatch, raw: bytes) -> None:
    before = await watch.snapshot()
    answer = await api.post(SCANS, content=raw, headers={"content-type": "application/json"})
    assert_refused(answer, statuses=(400, 422))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          "application/xml"])
async def test_a_scan_body_with_a_wrong_content_type_is_refused(api: httpx.AsyncClient, watch: QuietWatch,
                                                               content_type: str) -> None:
    before = await watch.snapshot()
    answer = await api.post(SCANS, content=b'{"dates": null}', headers={"content-type": content_type})
    assert_refused(answer, statuses=(400, 415, 422))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("size", [1_000_001, 5_000_000])
async def test_a_scan_body_over_one_megabyte_is_refused_before_parsing(api: httpx.AsyncClient, watch: QuietWatch,
                                                                      size: int) -> None:
    before = await watch.snapshot()
    padding = " " * (size - len('{"dates": null}'))
    answer = await api.post(SCANS, content=b'{"dates": null' + padding.encode() + b"}",
                            headers={"content-type": "application/json"})
    assert_refused(answer, statuses=(413,))
    assert await watch.snapshot() == before


async def test_a_body_that_hides_its_size_behind_chunked_encoding_is_refused_too(api: httpx.AsyncClient,
                                                                                watch: QuietWatch) -> None:
    async def chunks() -> Any:
        yield b'{"dates": null'
        for _ in range(40):
            yield b" " * 50_000
        yield b"}"

    before = await watch.snapshot()
    answer = await api.post(SCANS, content=chunks(), headers={"content-type": "application/json"})
    assert_refused(answer, statuses=(413,))
    assert await watch.snapshot() == before


async def test_a_valid_body_after_all_that_is_still_accepted(api: httpx.AsyncClient, watch: QuietWatch) -> None:
    answer = await api.post(SCANS, json={"dates": ["2026-11-20"], "thumbnails": False, "previews": False})
    assert answer.status_code == 202, answer.text
    assert len(watch.log.published) == 1
    await eventually(lambda: watch.simulator.connections_accepted > 0, 30, "the collector to reach the camera")
