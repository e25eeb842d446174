"""Carrying out a MakeImages plan: read the keyframes, store them, queue the image job, mark the clip expected."""

from __future__ import annotations

from libs.common.adapters.broker.retrying_publish import publish_until_confirmed
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.keyframe_pack import pack_keyframes
from libs.common.contracts.messages import THUMBNAIL_QUEUE, ThumbnailJob
from libs.common.documents.scan_progress import EXPECTED, mark
from libs.common.domain.clip_identity import ClipRef
from services.collector.clip_reader import ImageKeyframes, ReadClip, read_keyframes
from services.collector.image_plan import MakeImages
from services.collector.scan_context import ScanContext


async def queue_image_job(ctx: ScanContext, scan_id: str, ref: ClipRef, clip: ReadClip, plan: MakeImages,
                          previews: bool, priority: int) -> ImageKeyframes:
    """Read the plan's keyframes into the store and queue the clip's job; returns what the reads cost.

    The clip is marked expected only once its job is confirmed on the queue: a scan run again after a crash
    in between queues it again, and a job whose clip is not expected does not count (see scan_progress).
    """
    assert clip.probe is not None
    images = await read_keyframes(clip, plan.keyframes, plan.read_budget_bytes)
    await ctx.store.put(keys.clip_keyframes(ref), pack_keyframes(images.frames))
    job = ThumbnailJob(
        scan_id=scan_id, camera_id=ref.camera_id, clip_id=ref.clip_id, fingerprint=ref.fingerprint,
        codec=clip.probe.video_codec, keyframes_key=keys.clip_keyframes(ref), keyframe_count=len(images.frames),
        previews=previews,
    )
    await publish_until_confirmed(ctx.broker, THUMBNAIL_QUEUE, Envelope.wrap(job, f"{scan_id}:{ref.clip_id}"),
                                  priority=priority, deadline_s=ctx.settings.publish_retry_deadline_s)
    await mark(ctx.store, scan_id, EXPECTED, ref.clip_id)
    return images
