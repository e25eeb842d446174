"""A clip as the API shows it (API.md), built from its stored record and which images exist."""

from __future__ import annotations

from pydantic import BaseModel, Field

from libs.common.adapters.media.clip_facts import AudioFacts, VideoFacts
from libs.common.contracts.records import ClipRecord, ClipStatus


class ClipView(BaseModel):
    """One clip file on the card: its facts, how many bytes reading them took, and links to its images."""

    clip_id: str = Field(description="Stable id: camera, path and fingerprint (changes when the file does)")
    path: str = Field(description="Relative to the card root, e.g. 2026-11-20/02/20261120-021500.mp4")
    start: str = Field(description="Start time from the file name, UTC, YYYY-MM-DDTHH:MM:SS")
    size_bytes: int = Field(description="File size on the card")
    status: ClipStatus = Field(description="ok, incomplete (no readable index, e.g. a power cut), unreadable, or "
                               "recording (being written at scan time: judged once it is closed)")
    error: str | None = Field(description="Why the facts could not be read; null when status is ok")
    duration_s: float | None = Field(description="Length from the index; null without a readable index")
    container: str | None = Field(description="Container format (mp4); null without a readable index")
    video: VideoFacts | None = Field(description="The video stream's facts; null without one")
    audio: AudioFacts | None = Field(description="The audio stream's facts; null without one")
    bytes_read: int = Field(description="Bytes read from the camera to learn the facts")
    thumbnail_bytes_read: int = Field(description="Bytes read from the camera for the thumbnail")
    preview_bytes_read: int = Field(description="Bytes read from the camera for the preview")
    thumbnail_url: str | None = Field(description="Where the thumbnail is; null until it is made")
    preview_url: str | None = Field(description="Where the animated preview is; null until it is made")

    @classmethod
    def from_record(cls, record: ClipRecord, has_thumbnail: bool, has_preview: bool) -> ClipView:
        """The clip of a stored day list, with image links for the images that exist."""
        facts = record.facts
        return cls(
            clip_id=record.clip_id,
            path=record.path,
            start=record.start.strftime("%Y-%m-%dT%H:%M:%S"),
            size_bytes=record.size_bytes,
            status=record.status,
            error=record.error,
            duration_s=facts.duration_s if facts else None,
            container=facts.container if facts else None,
            video=facts.video if facts else None,
            audio=facts.audio if facts else None,
            bytes_read=record.bytes_read,
            thumbnail_bytes_read=record.thumbnail_bytes_read,
            preview_bytes_read=record.preview_bytes_read,
            thumbnail_url=f"/api/v1/clips/{record.clip_id}/thumbnail" if has_thumbnail else None,
            preview_url=f"/api/v1/clips/{record.clip_id}/preview" if has_preview else None,
        )
