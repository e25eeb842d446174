"""The answer models always carry the names and values ../shared/API.md fixes (fields may be added, not renamed)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from libs.common.adapters.media.clip_facts import AudioFacts, VideoFacts
from libs.common.contracts.api.cameras import CameraSummary, RecordingDay, Storage
from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.api.coverage import HalfHourCoverage
from libs.common.contracts.api.scans import ScanAccepted, ScanProgress, ScanView

FIXED_NAMES: list[tuple[type[BaseModel], set[str]]] = [
    (CameraSummary, {"id", "host", "model"}),
    (ScanAccepted, {"scan_id", "status"}),
    (ScanView, {"scan_id", "camera_id", "status", "progress", "error"}),
    (ScanProgress, {"clips_total", "clips_done", "thumbnails_done", "previews_done", "errors"}),
    (Storage, {"total_bytes", "used_bytes", "free_bytes", "recordings_bytes", "oldest", "newest"}),
    (RecordingDay, {"date", "clips", "bytes", "duration_s"}),
    (ClipView, {"clip_id", "path", "start", "size_bytes", "status", "error", "duration_s", "container", "video",
                "audio", "thumbnail_url", "preview_url"}),
    (VideoFacts, {"codec", "profile", "width", "height", "fps", "bitrate_kbps", "keyframe_interval_s", "frames"}),
    (AudioFacts, {"codec", "sample_rate", "channels"}),
    (HalfHourCoverage, {"scheduled", "recorded_s", "gaps"}),
]


@pytest.mark.parametrize(("model", "names"), FIXED_NAMES, ids=[model.__name__ for model, _ in FIXED_NAMES])
def test_an_answer_always_carries_the_names_the_contract_fixes(model: type[BaseModel], names: set[str]) -> None:
    required = set(model.model_json_schema(mode="serialization").get("required", []))
    assert names <= required, f"missing or optional: {sorted(names - required)}"


def _values(model: type[BaseModel], field: str) -> set[Any]:
    """The values the answer schema allows for a field (a Literal or an Enum)."""
    schema = model.model_json_schema(mode="serialization")
    prop = schema["properties"][field]
    if "$ref" in prop:
        prop = schema["$defs"][prop["$ref"].rsplit("/", 1)[-1]]
    return set(prop["enum"])


def test_scan_and_clip_states_keep_their_contract_values() -> None:
    assert {"queued", "running", "completed", "failed"} <= _values(ScanView, "status")
    assert _values(ClipView, "status") == {"ok", "incomplete", "unreadable", "recording"}
