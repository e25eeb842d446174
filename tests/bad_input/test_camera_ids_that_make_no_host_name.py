"""Camera ids that pass the id pattern but make no valid host name after SDB_CAMERA_HOST_TEMPLATE are refused up
front with a 422 (never a 202 for a scan that fails later with an IDNA error); with and without an API token."""

from __future__ import annotations

import httpx
import pytest

from tests.bad_input.quiet_system import QuietWatch, assert_refused, with_and_without_token

pytestmark = with_and_without_token
# 64 characters make a 64-character first label (at most 63); a label may not end with '-'
NO_HOST_NAME = ["x" * 64, "A1" * 32, "ID-" + "1C21D1C10011" * 5 + "9", "z_" * 32, "9" * 64, "cam-", "ID-1C21D1C10011-",
                "a" * 61 + "--"]
FINE = ["x" * 63, "ID-1C21D1C10011", "cam_", "a-b_c"]


@pytest.mark.parametrize("camera_id", NO_HOST_NAME, ids=lambda camera_id: f"{camera_id[:12]}…{len(camera_id)}")
async def test_a_scan_of_a_camera_id_that_makes_no_host_name_is_a_422_and_queues_nothing(
    api: httpx.AsyncClient, watch: QuietWatch, camera_id: str
) -> None:
    before = await watch.snapshot()
    for path, method in ((f"/api/v1/cameras/{camera_id}/scans", "POST"),
                         (f"/api/v1/cameras/{camera_id}/reachability", "GET")):
        answer = await api.request(method, path, json={} if method == "POST" else None)
        assert_refused(answer, statuses=(422,))
        assert "host name" in answer.json()["detail"] and camera_id.upper() in answer.json()["detail"]
    assert await watch.snapshot() == before


async def test_ids_that_make_a_valid_host_name_are_still_accepted(api: httpx.AsyncClient) -> None:
    for camera_id in FINE:
        answer = await api.get(f"/api/v1/cameras/{camera_id}/reachability")
        assert answer.status_code == 200, answer.text
        assert answer.json()["reachable"] is False and answer.json()["reason"]
