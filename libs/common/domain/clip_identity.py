"""Clip fingerprints, clip ids and which card files are clips."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from libs.common.domain.camera_ids import CAMERA_ID_PATTERN

CLIP_PATH_RE = re.compile(
    r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})/(?P<hour>[0-9]{2})/(?P<name>[^/]*?)-?(?P<hms>[0-9]{6})\.mp4$")
CLIP_ID_RE = re.compile(CAMERA_ID_PATTERN[1:-1] + r"\.[0-9]{4}-[0-9]{2}-[0-9]{2}\.[0-9a-f]{24}")


class InvalidClipId(ValueError):
    """A clip id that is not of our form."""


@dataclass(frozen=True)
class ClipRef:
    """A clip's identity: camera, day folder and fingerprint."""

    camera_id: str
    date: str
    fingerprint: str

    @property
    def clip_id(self) -> str:
        """The public id, '<camera>.<date>.<fingerprint>'."""
        return f"{self.camera_id}.{self.date}.{self.fingerprint}"

    @classmethod
    def parse(cls, clip_id: str) -> ClipRef:
        """Split a public clip id, refusing anything malformed."""
        if not CLIP_ID_RE.fullmatch(clip_id):
            raise InvalidClipId("clip id must look like '<CAMERA>.<YYYY-MM-DD>.<24 hex digits>'")
        camera_id, date, fingerprint = clip_id.split(".")
        return cls(camera_id.upper(), date, fingerprint)


def fingerprint(camera_id: str, path: str, size: int, mtime: int) -> str:
    """Key of a clip's results: changes whenever the file does."""
    return hashlib.sha256(f"{camera_id}\n{path}\n{size}\n{mtime}".encode()).hexdigest()[:24]


def clip_start(path: str) -> datetime | None:
    """The UTC start time a clip path encodes, or None if it is not a clip path."""
    match = CLIP_PATH_RE.fullmatch(path)
    if match is None:
        return None
    try:
        start = datetime.strptime(f"{match['date']} {match['hms']}", "%Y-%m-%d %H%M%S")
    except ValueError:
        return None
    return start if start.hour == int(match["hour"]) else None


def is_clip_path(path: str) -> bool:
    """Whether a card path is a clip (day/hour folders, time in the name, .mp4)."""
    return clip_start(path) is not None
