"""Reading one clip through one open: facts tail first, then the keyframes its images need in one batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.media.clip_facts import CLIP_FACTS_VERSION
from libs.common.adapters.media.errors import ClipProblem
from libs.common.adapters.media.keyframe_budget import choose_image_keyframes
from libs.common.adapters.media.keyframe_bytes import read_keyframes_annexb
from libs.common.adapters.media.mp4_probe import ClipProbe, probe_clip
from libs.common.adapters.media.tail_first import TailGuess
from libs.common.contracts.keyframe_pack import PackedKeyframe
from libs.common.contracts.records import ClipRecord
from libs.common.domain.clip_identity import ClipRef
from services.collector.camera_port import OpenedClip


@dataclass
class ReadClip:
    """A clip's record, its probe when the clip is readable, and the open clip its keyframes are read through."""

    record: ClipRecord
    probe: ClipProbe | None
    opened: OpenedClip


async def read_clip(opened: OpenedClip, ref: ClipRef, remote: RemoteFile, start: datetime,
                    guess: TailGuess, being_written: bool = False) -> ReadClip:
    """Probe one clip tail first (`guess` is shared by the clips of a camera's scan); a broken clip becomes a
    record with its status and reason, never an exception (camera errors do raise: CameraError).

    being_written: the newest clip, modified within a clip length of the camera's clock. Without a readable
    index it is `recording`, not broken; fragmented, it is `recording` with the facts of its complete fragments.
    """
    base = {
        "clip_id": ref.clip_id,
        "path": remote.path,
        "start": start,
        "size_bytes": remote.size,
        "mtime": remote.mtime,
        "facts_version": CLIP_FACTS_VERSION,
    }
    try:
        probe = await probe_clip(opened, remote.size, guess, partial=being_written)
    except ClipProblem as problem:
        status, error = ("recording", f"being written at scan time ({problem})") if being_written else (
            problem.status, str(problem))
        record = ClipRecord(**base, status=status, error=error, bytes_read=opened.bytes_read)
        return ReadClip(record, None, opened)
    if being_written and probe.facts.fragmented:
        record = ClipRecord(**base, status="recording", error="being written at scan time (judged up to its last "
                            "complete fragment)", facts=probe.facts, bytes_read=opened.bytes_read)
        return ReadClip(record, None, opened)
    record = ClipRecord(
        **base, status="ok", facts=probe.facts, bytes_read=opened.bytes_read, keyframes=len(probe.keyframes)
    )
    return ReadClip(record, probe, opened)


@dataclass(frozen=True)
class ImageKeyframes:
    """Keyframes read for a clip's images, and the camera bytes the thumbnail and the preview cost."""

    frames: list[PackedKeyframe]
    thumbnail_bytes: int
    preview_bytes: int


async def read_keyframes(clip: ReadClip, count: int, budget_bytes: int) -> ImageKeyframes:
    """The first keyframe and up to count-1 small ones spread over the clip, within budget_bytes, in ONE batch.

    The batch's bytes are shared out by keyframe size: the thumbnail's part, the rest the preview's.
    """
    assert clip.probe is not None
    chosen = choose_image_keyframes(clip.probe, max(1, count), budget_bytes)
    before = clip.opened.bytes_read
    annexb = await read_keyframes_annexb(clip.opened, clip.probe, chosen)
    spent = clip.opened.bytes_read - before
    sizes = sum(keyframe.size for keyframe in chosen)
    thumbnail = spent * chosen[0].size // sizes if sizes else spent
    frames = [PackedKeyframe(keyframe.time_s, data) for keyframe, data in zip(chosen, annexb, strict=True)]
    return ImageKeyframes(frames, thumbnail, spent - thumbnail)
