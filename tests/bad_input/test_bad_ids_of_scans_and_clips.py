"""Scan and clip ids that are malformed, belong elsewhere or try to walk the store are plain 404s."""

from __future__ import annotations

import httpx
import pytest

from tests.bad_input.api_operations import Operation, operations_with
from tests.bad_input.quiet_system import QuietWatch, assert_refused

WELL_FORMED_ELSEWHERE = "OTHERCAM.2026-11-20.0123456789abcdef01234567"
BAD_CLIP_IDS = [
    "nope",
    "CAM01",
    "CAM01.2026-11-20",
    "CAM01.2026-11-20.zzzzzzzzzzzzzzzzzzzzzzzz",
    "CAM01.2026-11-20.0123456789abcdef0123456",
    "CAM01.2026-11-20.0123456789abcdef012345678",
    "CAM01.2026-02-30.0123456789abcdef01234567",
    "..",
    "%2e%2e",
    "..%2F..%2Fscans",
    "CAM01.2026-11-20.%2e%2e%2Fx",
    "bad;id.2026-11-20.0123456789abcdef01234567",
    "ÄÖÜ.2026-11-20.0123456789abcdef01234567",
    WELL_FORMED_ELSEWHERE,
    "x" * 5000,
]
BAD_SCAN_IDS = ["not-a-scan", "%2e%2e", "0" * 31, "0" * 33, "G" * 32, "0" * 32, "$(reboot)", "ÄÖÜ", "x" * 5000]


@pytest.mark.parametrize("operation", operations_with("clip_id"), ids=lambda operation: operation.path)
@pytest.mark.parametrize("clip_id", BAD_CLIP_IDS, ids=lambda clip_id: clip_id[:40])
async def test_every_clip_operation_answers_a_bad_or_foreign_clip_id_with_a_404(
    api: httpx.AsyncClient, watch: QuietWatch, operation: Operation, clip_id: str
) -> None:
    before = await watch.snapshot()
    assert_refused(await api.request(operation.method, operation.url(clip_id=clip_id)), statuses=(400, 404, 422))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("scan_id", BAD_SCAN_IDS)
async def test_the_status_of_a_bad_or_unknown_scan_id_is_a_404(api: httpx.AsyncClient, watch: QuietWatch,
                                                              scan_id: str) -> None:
    before = await watch.snapshot()
    assert_refused(await api.get(f"/api/v1/scans/{scan_id}"), statuses=(404,))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("scan_id", ["not-a-scan", "%2e%2e", "0" * 32, "x" * 5000])
async def test_the_event_stream_of_a_bad_or_unknown_scan_id_is_a_404(api: httpx.AsyncClient, watch: QuietWatch,
                                                                    scan_id: str) -> None:
    before = await watch.snapshot()
    assert_refused(await api.get(f"/api/v1/scans/{scan_id}/events"), statuses=(404,))
    assert await watch.snapshot() == before
