"""What a clip needs for its images, decided from facts alone: nothing, a mark, a job, or why it cannot have any."""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.contracts.records import ClipRecord
from libs.common.contracts.settings import Settings


@dataclass(frozen=True)
class ImagesWanted:
    """What a scan asks for, and the collector's limits on reading keyframes for it."""

    thumbnails: bool
    previews: bool
    preview_frames: int
    read_budget_pct: float
    read_budget_min_bytes: int

    @classmethod
    def of(cls, thumbnails: bool, previews: bool, settings: Settings) -> ImagesWanted:
        """The wish of a scan request under the collector's settings."""
        return cls(thumbnails, previews, settings.preview_frames, settings.image_read_budget_pct,
                   settings.image_read_budget_min_bytes)


@dataclass(frozen=True)
class NotWanted:
    """The scan asked for no images."""


@dataclass(frozen=True)
class AlreadyMade:
    """An earlier scan made the images this scan wants: count them as done. `preview`: a preview exists."""

    preview: bool


@dataclass(frozen=True)
class MakeImages:
    """Read `keyframes` keyframes (the first for the still) within `read_budget_bytes`, and queue a job for each
    image missing: the still (`thumbnail`) and the animated preview (`preview`, when the scan wants one)."""

    keyframes: int
    read_budget_bytes: int
    thumbnail: bool = True
    preview: bool = True


@dataclass(frozen=True)
class Impossible:
    """The clip cannot have images, and why."""

    reason: str


ImagePlan = NotWanted | AlreadyMade | MakeImages | Impossible


def plan_images(clip: ClipRecord, wanted: ImagesWanted, has_thumbnail: bool, has_preview: bool) -> ImagePlan:
    """What to do for one clip's images, given its facts and which images are already stored."""
    if not wanted.thumbnails:
        return NotWanted()
    if clip.status != "ok" or clip.facts is None:
        return Impossible(f"the clip is {clip.status}: {clip.error or 'no facts'}")
    if clip.facts.video is None:
        return Impossible("the clip has no video track")
    if has_thumbnail and (has_preview or not wanted.previews):
        return AlreadyMade(preview=has_preview)
    budget = max(wanted.read_budget_min_bytes, int(clip.size_bytes * wanted.read_budget_pct / 100))
    preview = wanted.previews and not has_preview
    return MakeImages(keyframes=wanted.preview_frames if preview else 1, read_budget_bytes=budget,
                      thumbnail=not has_thumbnail, preview=preview)
