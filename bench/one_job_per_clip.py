"""The collector's image step before the split (issue 10), for the benches to compare with: one job per clip,
making the still and the animated preview at the scan's priority, so a day's thumbnails come at the pace of
previews. Thumbnailers still take such a job (ThumbnailJob.images = "both", the default of old messages)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

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


async def queue_one_job(ctx: ScanContext, scan_id: str, ref: ClipRef, clip: ReadClip, plan: MakeImages,
                        previews: bool, priority: int) -> ImageKeyframes:
    """queue_image_job as it was: the keyframes read and stored once, one job for both images."""
    assert clip.probe is not None
    images = await read_keyframes(clip, plan.keyframes, plan.read_budget_bytes)
    await ctx.store.put(keys.clip_keyframes(ref), pack_keyframes(images.frames))
    job = ThumbnailJob(scan_id=scan_id, camera_id=ref.camera_id, clip_id=ref.clip_id, fingerprint=ref.fingerprint,
                       codec=clip.probe.video_codec, keyframes_key=keys.clip_keyframes(ref),
                       keyframe_count=len(images.frames), previews=previews)
    await publish_until_confirmed(ctx.broker, THUMBNAIL_QUEUE, Envelope.wrap(job, f"{scan_id}:{ref.clip_id}"),
                                  priority=priority, deadline_s=ctx.settings.publish_retry_deadline_s)
    await mark(ctx.store, scan_id, EXPECTED, ref.clip_id)
    return images


@contextmanager
def one_job_per_clip() -> Iterator[None]:
    """Within this block, collectors queue one job per clip as before the split."""
    with mock.patch("services.collector.day_scanner.queue_image_job", queue_one_job):
        yield
