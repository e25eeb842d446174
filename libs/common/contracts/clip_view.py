"""The API shape of a clip (API.md), built from its stored record and which images exist."""

from __future__ import annotations

from typing import Any

from libs.common.contracts.records import ClipRecord


def clip_to_api(record: ClipRecord, has_thumbnail: bool, has_preview: bool) -> dict[str, Any]:
    """One clip as the REST contract shows it."""
    facts = record.facts
    body: dict[str, Any] = {
        "clip_id": record.clip_id,
        "path": record.path,
        "start": record.start.strftime("%Y-%m-%dT%H:%M:%S"),
        "size_bytes": record.size_bytes,
        "status": record.status,
        "error": record.error,
        "duration_s": facts.duration_s if facts else None,
        "container": facts.container if facts else None,
        "video": facts.video.model_dump() if facts and facts.video else None,
        "audio": facts.audio.model_dump() if facts and facts.audio else None,
        "bytes_read": record.bytes_read,
        "thumbnail_bytes_read": record.thumbnail_bytes_read,
        "preview_bytes_read": record.preview_bytes_read,
        "thumbnail_url": f"/api/v1/clips/{record.clip_id}/thumbnail" if has_thumbnail else None,
        "preview_url": f"/api/v1/clips/{record.clip_id}/preview" if has_preview else None,
    }
    return body
