"""A scan's image progress as per-clip marker objects: which markers exist, who writes them, how they are counted.

The collector marks a clip `expected` once its image job is on the queue (or an earlier scan made its images);
a thumbnailer marks `thumbs`, `previews`, `failed` and, last, `settled`. A marker is one object per clip, so a
redelivered job or a scan run again writes the same marker again and still counts once, and replicas never
race on a shared counter. Done markers count only for expected clips, which keeps every count within
`expected` even while the markers are being written.
"""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts import store_layout as keys

EXPECTED, THUMBS, PREVIEWS, FAILED, SETTLED = "expected", "thumbs", "previews", "failed", "settled"


@dataclass(frozen=True)
class ImageProgress:
    """Per-scan counts of clips: expected to get images, and those whose job made them, failed or settled."""

    expected: int
    thumbnails_done: int
    previews_done: int
    failed: int
    settled: int


async def mark(store: ObjectStore, scan_id: str, kind: str, clip_id: str, body: bytes = b"") -> None:
    """Leave a clip's marker of one kind (body: the reason, for `failed`)."""
    await store.put(keys.scan_marker(scan_id, kind, clip_id), body)


async def mark_made_earlier(store: ObjectStore, scan_id: str, clip_id: str, preview: bool) -> None:
    """Count images an earlier scan made as expected and done in this one."""
    await mark(store, scan_id, EXPECTED, clip_id)
    await mark(store, scan_id, THUMBS, clip_id)
    if preview:
        await mark(store, scan_id, PREVIEWS, clip_id)
    await mark(store, scan_id, SETTLED, clip_id)


async def _clips(store: ObjectStore, scan_id: str, kind: str) -> set[str]:
    """The clip ids with a marker of this kind."""
    return {key.rsplit("/", 1)[-1] for key in await store.list(keys.scan_marker_prefix(scan_id, kind))}


async def image_progress(store: ObjectStore, scan_id: str) -> ImageProgress:
    """Count the scan's markers, listing the kinds written last first, so no count runs ahead of another."""
    settled = await _clips(store, scan_id, SETTLED)
    failed = await _clips(store, scan_id, FAILED)
    previews = await _clips(store, scan_id, PREVIEWS)
    thumbs = await _clips(store, scan_id, THUMBS)
    expected = await _clips(store, scan_id, EXPECTED)
    return ImageProgress(
        expected=len(expected),
        thumbnails_done=len(thumbs & expected),
        previews_done=len(previews & expected),
        failed=len(failed & expected),
        settled=len(settled & expected),
    )


async def all_settled(store: ObjectStore, scan_id: str) -> bool:
    """Whether every clip expected to get images has its job settled."""
    settled = await _clips(store, scan_id, SETTLED)
    return await _clips(store, scan_id, EXPECTED) <= settled
