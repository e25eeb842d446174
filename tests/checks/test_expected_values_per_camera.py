"""A camera's expected values come from the cameras file; a bad value names its key and section."""

from __future__ import annotations

from pathlib import Path

import pytest

from libs.common.adapters.camera.registry import CameraRegistry, RegistryFileError
from libs.common.contracts.settings import Settings
from libs.common.domain.checks.expected import ExpectedOverrides

ENTRY = """[CAM-HALL]
host = 10.0.0.7
expected_clip_s = 60
expected_fps = 14.985
expected_width = 1920
expected_height = 1080
max_keyframe_interval_s = 2
"""


def registry_of(tmp_path: Path, text: str) -> CameraRegistry:
    cameras = tmp_path / "cameras.ini"
    cameras.write_text(text, encoding="utf-8")
    return CameraRegistry(Settings(cameras_file=cameras))


def test_the_cameras_file_sets_a_cameras_expected_values(tmp_path: Path) -> None:
    expected = registry_of(tmp_path, ENTRY).resolve("cam-hall").expected
    assert expected == ExpectedOverrides(clip_s=60.0, fps=14.985, width=1920, height=1080, max_keyframe_interval_s=2.0)
    assert registry_of(tmp_path, "[CAM2]\nhost = x\n").resolve("CAM2").expected == ExpectedOverrides()
    assert registry_of(tmp_path, ENTRY).resolve("UNLISTED").expected == ExpectedOverrides()


@pytest.mark.parametrize("line", ["expected_clip_s = 0", "expected_clip_s = -60", "expected_fps = nan",
                                  "expected_fps = inf", "expected_width = 1920.5", "expected_width = \uff11\uff19",
                                  "expected_height = 1e3", "max_keyframe_interval_s = two", "expected_clip_s = 1000000",
                                  "expected_clip_s ="])
def test_a_bad_expected_value_in_the_cameras_file_is_refused_by_name(tmp_path: Path, line: str) -> None:
    with pytest.raises(RegistryFileError) as refused:
        registry_of(tmp_path, f"[CAM-HALL]\nhost = x\n{line}\n")
    assert "[CAM-HALL]" in str(refused.value) and line.split(" =")[0] in str(refused.value)
