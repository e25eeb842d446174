"""A clip as a plain JSON dict, for event payloads that are not typed yet."""

from __future__ import annotations

from typing import Any

from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.records import ClipRecord


def clip_to_api(record: ClipRecord, has_thumbnail: bool, has_preview: bool) -> dict[str, Any]:
    """One clip as the REST contract shows it (ClipView), dumped to JSON-ready values."""
    return ClipView.from_record(record, has_thumbnail, has_preview).model_dump(mode="json")
