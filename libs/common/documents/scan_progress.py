"""A scan's image progress as per-clip marker objects: which markers exist, who writes them, how they are counted.

A clip gets up to two image jobs: a thumbnail job and, when previews are wanted, a preview job (a lower
priority). The collector marks a clip `preview-expected` once its preview job is on the queue, then `expected`
once its thumbnail job is (or an earlier scan made its images). A thumbnailer marks, per job, what it made
(`thumbs`, `previews`), a job that failed for good (`failed`, `preview-failed`) and, last, the job's end
(`settled`, `preview-settled`). A clip is settled when every job it was expected to get has ended, in
whatever order replicas end them; a failed preview leaves the thumbnail counted.

A marker is one object per clip, so a redelivered job or a scan run again writes the same marker again and still
counts once, and replicas never race on a shared counter. Done markers count only for expected clips, and the
kinds are listed in the reverse of the order they are written, which keeps every count within `expected` even
while the markers are being written.
"""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import ScanPhase, ScanRecord, ScanStatus

EXPECTED, THUMBS, PREVIEWS, FAILED, SETTLED = "expected", "thumbs", "previews", "failed", "settled"
PREVIEW_EXPECTED, PREVIEW_FAILED, PREVIEW_SETTLED = "preview-expected", "preview-failed", "preview-settled"


@dataclass(frozen=True)
class JobMarkers:
    """The marker kinds of one kind of image job: queued for the clip, failed for good, ended."""

    expected: str
    failed: str
    settled: str


THUMBNAIL_JOB = JobMarkers(EXPECTED, FAILED, SETTLED)
PREVIEW_JOB = JobMarkers(PREVIEW_EXPECTED, PREVIEW_FAILED, PREVIEW_SETTLED)


@dataclass(frozen=True)
class ImageProgress:
    """Per-scan counts of clips: expected to get images, images made, jobs failed, clips settled, jobs pending."""

    expected: int
    thumbnails_done: int
    previews_done: int
    failed: int
    settled: int
    thumbnails_pending: int
    previews_pending: int


async def mark(store: ObjectStore, scan_id: str, kind: str, clip_id: str, body: bytes = b"") -> None:
    """Leave a clip's marker of one kind (body: the reason, for the failed kinds)."""
    await store.put(keys.scan_marker(scan_id, kind, clip_id), body)


async def mark_thumbnail_made_earlier(store: ObjectStore, scan_id: str, clip_id: str) -> None:
    """Count the thumbnail an earlier scan made as expected and done in this one (written last: `expected`)."""
    await mark(store, scan_id, THUMBS, clip_id)
    await mark(store, scan_id, SETTLED, clip_id)
    await mark(store, scan_id, EXPECTED, clip_id)


async def mark_preview_made_earlier(store: ObjectStore, scan_id: str, clip_id: str) -> None:
    """Count the preview an earlier scan (or an earlier run of this one) made as done, and its job as ended: a scan
    run again after a crash between storing a preview and settling its job would otherwise wait for it forever."""
    await mark(store, scan_id, PREVIEWS, clip_id)
    await mark(store, scan_id, PREVIEW_SETTLED, clip_id)


async def mark_made_earlier(store: ObjectStore, scan_id: str, clip_id: str, preview: bool) -> None:
    """Count images an earlier scan made as expected and done in this one."""
    if preview:
        await mark_preview_made_earlier(store, scan_id, clip_id)
    await mark_thumbnail_made_earlier(store, scan_id, clip_id)


async def _clips(store: ObjectStore, scan_id: str, kind: str) -> set[str]:
    """The clip ids with a marker of this kind."""
    return {key.rsplit("/", 1)[-1] for key in await store.list(keys.scan_marker_prefix(scan_id, kind))}


async def image_progress(store: ObjectStore, scan_id: str) -> ImageProgress:
    """Count the scan's markers, listing the kinds written last first, so no count runs ahead of another."""
    preview_settled = await _clips(store, scan_id, PREVIEW_SETTLED)
    settled = await _clips(store, scan_id, SETTLED)
    preview_failed = await _clips(store, scan_id, PREVIEW_FAILED)
    failed = await _clips(store, scan_id, FAILED)
    previews = await _clips(store, scan_id, PREVIEWS)
    thumbs = await _clips(store, scan_id, THUMBS)
    expected = await _clips(store, scan_id, EXPECTED)
    preview_expected = await _clips(store, scan_id, PREVIEW_EXPECTED) & expected
    previews_pending = preview_expected - preview_settled
    return ImageProgress(
        expected=len(expected),
        thumbnails_done=len(thumbs & expected),
        previews_done=len(previews & expected),
        failed=len(failed & expected) + len(preview_failed & preview_expected),
        settled=len((settled & expected) - previews_pending),
        thumbnails_pending=len(expected - settled),
        previews_pending=len(previews_pending),
    )


async def jobs_settled(store: ObjectStore, scan_id: str, job: JobMarkers) -> bool:
    """Whether every job of this kind the scan queued has ended (settled listed before expected)."""
    settled = await _clips(store, scan_id, job.settled)
    return await _clips(store, scan_id, job.expected) <= settled


async def all_settled(store: ObjectStore, scan_id: str) -> bool:
    """Whether every image job of the scan has ended: previews first, the kind that ends last.

    Once the scan is collected no job is expected anew, so each kind's answer only goes from False to True and
    the two may be asked in either order.
    """
    return await jobs_settled(store, scan_id, PREVIEW_JOB) and await jobs_settled(store, scan_id, THUMBNAIL_JOB)


def scan_phase(record: ScanRecord, images: ImageProgress) -> ScanPhase | None:
    """What a running scan waits for (None unless running): the card, then thumbnails, then previews."""
    if record.status is not ScanStatus.RUNNING:
        return None
    if not record.collected:
        return "listing" if record.clips_total == 0 else "metadata"
    if images.thumbnails_pending:
        return "thumbnails"
    if images.previews_pending or (record.thumbnails and record.previews):
        return "previews"
    return "thumbnails" if record.thumbnails else "metadata"
