"""Camera ids that are malformed or hostile are refused before anything is published or read."""

from __future__ import annotations

import httpx
import pytest

from tests.bad_input.api_operations import Operation, operations_with
from tests.bad_input.quiet_system import QuietWatch, assert_refused

HOSTILE_IDS = [
    "bad;id",
    "cam01;reboot",
    "$(reboot)",
    "cam`id`",
    "..",
    "%2e%2e",
    "%2E%2E%2Fetc",
    "..%2F..%2Fetc",
    "-leading-dash",
    "_leading_underscore",
    "x" * 65,
    "ID-KAMERA-ÄÖÜ",
    "カメラ",
    "cam 01",
    "cam%0A01",
    "cam%00",
    "cam.local",
    "a" * 5000,
]
CAMERA_OPERATIONS = operations_with("id")


@pytest.mark.parametrize("camera_id", HOSTILE_IDS)
async def test_a_scan_of_a_hostile_camera_id_is_refused_quietly(
    api: httpx.AsyncClient, watch: QuietWatch, camera_id: str
) -> None:
    before = await watch.snapshot()
    assert_refused(await api.post(f"/api/v1/cameras/{camera_id}/scans", json={}))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("camera_id", ["", "%20", "a%2Fb"])
async def test_an_empty_or_slashed_camera_id_matches_no_route(
    api: httpx.AsyncClient, watch: QuietWatch, camera_id: str
) -> None:
    before = await watch.snapshot()
    assert_refused(await api.post(f"/api/v1/cameras/{camera_id}/scans", json={}))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("operation", CAMERA_OPERATIONS, ids=lambda operation: f"{operation.method} {operation.path}")
@pytest.mark.parametrize("camera_id", ["bad;id", "$(reboot)", "%2e%2e", "..%2F..%2Fetc", "x" * 65, "ÄÖÜ", "cam%00"])
async def test_every_camera_operation_refuses_a_hostile_camera_id(
    api: httpx.AsyncClient, watch: QuietWatch, operation: Operation, camera_id: str
) -> None:
    before = await watch.snapshot()
    answer = await api.request(operation.method, operation.url(id=camera_id),
                               json={} if operation.method == "POST" else None)
    assert_refused(answer)
    assert await watch.snapshot() == before


@pytest.mark.parametrize("operation", [operation for operation in CAMERA_OPERATIONS if operation.method == "GET"],
                         ids=lambda operation: operation.path)
async def test_a_well_formed_id_that_was_never_scanned_reads_nothing_from_a_camera(
    api: httpx.AsyncClient, watch: QuietWatch, operation: Operation
) -> None:
    before = await watch.snapshot()
    answer = await api.get(operation.url(id="NEVER-SEEN-01"))
    assert answer.status_code < 500, answer.text
    if answer.status_code >= 400:
        assert_refused(answer, statuses=(404,))
    assert await watch.snapshot() == before
