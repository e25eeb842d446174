"""Camera id rules: the accepted pattern and the canonical (upper-case) form."""

from __future__ import annotations

import re

CAMERA_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
_CAMERA_ID_RE = re.compile(CAMERA_ID_PATTERN)


class InvalidCameraId(ValueError):
    """A camera id that does not match the accepted pattern."""


def normalize_camera_id(raw: str) -> str:
    """Return the canonical form of a camera id, or raise InvalidCameraId."""
    if not isinstance(raw, str) or not _CAMERA_ID_RE.fullmatch(raw):
        raise InvalidCameraId(
            "camera id must be 1-64 characters of letters, digits, '_' or '-', "
            "starting with a letter or digit"
        )
    return raw.upper()
