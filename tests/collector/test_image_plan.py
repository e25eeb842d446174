"""plan_images: what a clip needs for its images, decided from its facts and the images already stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from libs.common.adapters.media.clip_facts import ClipFacts, VideoFacts
from libs.common.contracts.records import ClipRecord
from services.collector.image_plan import AlreadyMade, ImagesWanted, Impossible, MakeImages, NotWanted, plan_images

WANTED = ImagesWanted(thumbnails=True, previews=True, preview_frames=8, read_budget_pct=2.0,
                      read_budget_min_bytes=64 * 1024)
VIDEO = VideoFacts(codec="h264", profile="Main", level=3.0, width=640, height=360, fps=15.0, fps_nominal=15.0,
                   bitrate_kbps=400.0, frames=90, keyframe_interval_s=1.0, keyframe_interval_frames=15,
                   keyframe_regular=True)


def clip(status: str = "ok", video: VideoFacts | None = VIDEO, size: int = 10_000_000) -> ClipRecord:
    """A clip record with facts (unless it is broken)."""
    facts = ClipFacts(duration_s=6.0, container="mp4", video=video, audio=None, fragmented=False)
    if status != "ok":
        facts = None
    return ClipRecord(clip_id="CAM01~2026-11-20~abc", path="2026-11-20/02/20261120-020000.mp4",
                      start=datetime(2026, 11, 20, 2, tzinfo=UTC), size_bytes=size, mtime=0, status=status,
                      error=None if status == "ok" else "no moov box", facts=facts)


def test_a_new_clip_gets_a_job_for_the_still_and_the_preview_within_its_read_budget() -> None:
    assert plan_images(clip(), WANTED, False, False) == MakeImages(keyframes=8, read_budget_bytes=200_000)


def test_the_read_budget_never_falls_below_the_minimum() -> None:
    assert plan_images(clip(size=1000), WANTED, False, False) == MakeImages(keyframes=8, read_budget_bytes=65536)


def test_with_previews_off_one_keyframe_is_read_for_the_thumbnail_job_alone() -> None:
    wanted = ImagesWanted(True, False, 8, 2.0, 65536)
    assert plan_images(clip(), wanted, False, False) == MakeImages(keyframes=1, read_budget_bytes=200_000,
                                                                   thumbnail=True, preview=False)


@pytest.mark.parametrize(("has_thumbnail", "has_preview", "previews", "plan"), [
    (True, True, True, AlreadyMade(preview=True)),
    (True, False, False, AlreadyMade(preview=False)),
    (True, True, False, AlreadyMade(preview=True)),
])
def test_images_made_earlier_are_counted_not_made_again(
    has_thumbnail: bool, has_preview: bool, previews: bool, plan: AlreadyMade
) -> None:
    wanted = ImagesWanted(True, previews, 8, 2.0, 65536)
    assert plan_images(clip(), wanted, has_thumbnail, has_preview) == plan


@pytest.mark.parametrize(("has_thumbnail", "has_preview", "plan"), [
    (False, True, MakeImages(keyframes=1, read_budget_bytes=200_000, thumbnail=True, preview=False)),
    (True, False, MakeImages(keyframes=8, read_budget_bytes=200_000, thumbnail=False, preview=True)),
    (False, False, MakeImages(keyframes=8, read_budget_bytes=200_000, thumbnail=True, preview=True)),
])
def test_only_the_missing_images_that_are_wanted_get_a_job(has_thumbnail: bool, has_preview: bool,
                                                            plan: MakeImages) -> None:
    assert plan_images(clip(), WANTED, has_thumbnail, has_preview) == plan


def test_a_scan_without_images_plans_none_even_for_good_clips() -> None:
    assert plan_images(clip(), ImagesWanted(False, False, 8, 2.0, 65536), False, False) == NotWanted()


@pytest.mark.parametrize(("record", "reason"), [
    (clip(status="incomplete"), "the clip is incomplete: no moov box"),
    (clip(status="unreadable"), "the clip is unreadable: no moov box"),
    (clip(video=None), "the clip has no video track"),
])
def test_a_clip_without_readable_video_cannot_have_images_and_says_why(record: ClipRecord, reason: str) -> None:
    assert plan_images(record, WANTED, False, False) == Impossible(reason)
