"""Clock tolerances set by the cameras file or the request, and a day after the camera's clock refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from libs.common.adapters.camera.registry import RegistryFileError
from tests.checks.test_expected_values_per_camera import registry_of
from tests.scan_polling import scan_and_wait

URL = "/api/v1/cameras/CAM01/checks"


def test_the_cameras_file_sets_a_cameras_clock_tolerances(tmp_path: Path) -> None:
    target = registry_of(tmp_path, "[CAM-HALL]\nclock_offset_warn_s = 5\nclock_step_tolerance_s = 0.5\n").resolve(
        "cam-hall")
    assert dict(target.tolerances) == {"clock_offset_warn_s": 5.0, "clock_step_tolerance_s": 0.5}


@pytest.mark.parametrize("line", ["clock_offset_fail_s = -1", "clock_offset_warn_s = lots",
                                  "clock_step_tolerance_s = 1e9"])
def test_a_bad_clock_tolerance_in_the_cameras_file_is_refused_by_name(tmp_path: Path, line: str) -> None:
    with pytest.raises(RegistryFileError) as refused:
        registry_of(tmp_path, f"[CAM-HALL]\n{line}\n")
    assert "CAM-HALL" in str(refused.value) and line.split()[0] in str(refused.value)


async def test_a_day_after_the_cameras_clock_is_refused_and_the_clock_tolerances_are_in_the_answer(
    checks_web: httpx.AsyncClient
) -> None:
    await scan_and_wait(checks_web, "cam01", thumbnails=False, previews=False)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    answer = await checks_web.get(URL, params={"date": tomorrow})
    assert answer.status_code == 422 and "after the camera's clock" in answer.json()["detail"]
    answer = await checks_web.get(URL, params={"date": "2026-11-20", "clock_offset_warn_s": "7.5"})
    assert answer.status_code == 200
    tolerances = answer.json()["tolerances"]
    assert (tolerances["clock_offset_warn_s"], tolerances["clock_offset_fail_s"]) == (7.5, 30.0)
    assert answer.json()["checks"]["reboot"] == {"verdict": "pass", "issues": 0}
