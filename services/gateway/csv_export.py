"""CSV of clips: one flat row per clip with a header row."""

from __future__ import annotations

import csv
import io
from typing import Any

CLIP_COLUMNS = [
    "clip_id", "path", "start", "size_bytes", "status", "error", "duration_s", "container",
    "video.codec", "video.profile", "video.level", "video.width", "video.height", "video.fps", "video.bitrate_kbps",
    "video.frames", "video.keyframe_interval_s", "audio.codec", "audio.sample_rate", "audio.channels",
]


def _cell(row: dict[str, Any], column: str) -> Any:
    """A dotted column's value, '' where missing."""
    value: Any = row
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return "" if value is None else value


def clips_csv(rows: list[dict[str, Any]]) -> str:
    """The clips as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CLIP_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row, column) for column in CLIP_COLUMNS])
    return out.getvalue()
