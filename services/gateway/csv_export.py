"""CSV of clips and of per-bucket aggregates: one flat row per item with a header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from libs.common.contracts.api.clips import ClipView

CLIP_COLUMNS = [
    "clip_id", "path", "start", "size_bytes", "status", "error", "duration_s", "container",
    "video.codec", "video.profile", "video.level", "video.width", "video.height", "video.fps", "video.bitrate_kbps",
    "video.frames", "video.keyframe_interval_s", "audio.codec", "audio.sample_rate", "audio.channels",
]
AGGREGATE_COLUMNS = [
    "start", "end", "clips", "broken_clips", "avg_duration_s", "avg_kbps", "avg_fps", "resolutions", "frame_mode",
    "bytes", "scheduled",
]


def _cell(row: dict[str, Any], column: str) -> Any:
    """A dotted column's value, '' where missing."""
    value: Any = row
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return "" if value is None else value


def rows_csv(rows: Sequence[BaseModel | dict[str, Any]], columns: list[str]) -> str:
    """Rows (models, or dicts of JSON values) as CSV text: a header row of the (dotted) column names, then a line
    per row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        values = row.model_dump() if isinstance(row, BaseModel) else row
        writer.writerow([_cell(values, column) for column in columns])
    return out.getvalue()


def clips_csv(rows: Sequence[ClipView]) -> str:
    """The clips as CSV text."""
    return rows_csv(rows, CLIP_COLUMNS)
