"""The repeatable ?camera= filter of the fleet table and /metrics: canonical ids, or 400."""

from __future__ import annotations

from fastapi import HTTPException

from libs.common.domain.camera_ids import InvalidCameraId, normalize_camera_id

MAX_CAMERA_FILTERS = 200


def camera_filter(values: list[str] | None) -> set[str] | None:
    """The canonical ids named (None: every camera), or 400 for a malformed id or too many."""
    if not values:
        return None
    if len(values) > MAX_CAMERA_FILTERS:
        raise HTTPException(400, f"at most {MAX_CAMERA_FILTERS} camera filters, got {len(values)}")
    try:
        return {normalize_camera_id(value) for value in values}
    except InvalidCameraId as exc:
        raise HTTPException(400, f"invalid camera id in ?camera=: {exc}") from exc
