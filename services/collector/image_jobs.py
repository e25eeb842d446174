"""Carrying out a MakeImages plan: read the keyframes once, store them, queue a job per image, mark the clip."""

from __future__ import annotations

from libs.common.adapters.broker.retrying_publish import publish_until_confirmed
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.keyframe_pack import pack_keyframes
from libs.common.contracts.messages import PRIORITY_PREVIEW, THUMBNAIL_QUEUE, ThumbnailJob
from libs.common.documents.scan_progress import (
    EXPECTED,
    PREVIEW_EXPECTED,
    mark,
    mark_preview_made_earlier,
    mark_thumbnail_made_earlier,
)
from libs.common.domain.clip_identity import ClipRef
from services.collector.clip_reader import ImageKeyframes, ReadClip, read_keyframes
from services.collector.image_plan import MakeImages
from services.collector.scan_context import ScanContext


async def queue_image_job(ctx: ScanContext, scan_id: str, ref: ClipRef, clip: ReadClip, plan: MakeImages,
                          previews: bool, priority: int) -> ImageKeyframes:
    """Read the plan's keyframes into one stored pack and queue the clip's jobs; returns what the reads cost.

    The thumbnail job goes at the scan's `priority`, the preview job (when the plan has one) at PRIORITY_PREVIEW,
    below every thumbnail; both read the same pack, which stays in the store (renders on request read it too).
    An image the plan does not make but the scan wants (`previews`) was made earlier and is counted as done.
    The clip is marked expected only once its jobs are confirmed on the queue: a scan run again after a crash in
    between queues them again, and a job whose clip is not expected does not count (see scan_progress).
    """
    assert clip.probe is not None
    images = await read_keyframes(clip, plan.keyframes, plan.read_budget_bytes)
    await ctx.store.put(keys.clip_keyframes(ref), pack_keyframes(images.frames))
    job = ThumbnailJob(
        scan_id=scan_id, camera_id=ref.camera_id, clip_id=ref.clip_id, fingerprint=ref.fingerprint,
        codec=clip.probe.video_codec, keyframes_key=keys.clip_keyframes(ref), keyframe_count=len(images.frames),
        images="thumbnail",
    )
    if plan.thumbnail:
        await _publish(ctx, job, priority)
    if plan.preview:
        await _publish(ctx, job.model_copy(update={"images": "preview"}), PRIORITY_PREVIEW)
        await mark(ctx.store, scan_id, PREVIEW_EXPECTED, ref.clip_id)
    elif previews:
        await mark_preview_made_earlier(ctx.store, scan_id, ref.clip_id)
    if plan.thumbnail:
        await mark(ctx.store, scan_id, EXPECTED, ref.clip_id)
    else:
        await mark_thumbnail_made_earlier(ctx.store, scan_id, ref.clip_id)
    return images


async def _publish(ctx: ScanContext, job: ThumbnailJob, priority: int) -> None:
    """Put one image job on the queue until the broker confirms it (a fixed id per scan, clip and image)."""
    message = Envelope.wrap(job, f"{job.scan_id}:{job.clip_id}:{job.images}")
    await publish_until_confirmed(ctx.broker, THUMBNAIL_QUEUE, message, priority=priority,
                                  deadline_s=ctx.settings.publish_retry_deadline_s)
