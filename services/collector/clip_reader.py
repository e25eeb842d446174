"""Reading one clip from the camera: facts from its index, and the keyframes its images need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.media.clip_facts import CLIP_FACTS_VERSION
from libs.common.adapters.media.errors import ClipProblem
from libs.common.adapters.media.keyframe_budget import choose_image_keyframes
from libs.common.adapters.media.keyframe_bytes import read_keyframe_annexb
from libs.common.adapters.media.mp4_probe import ClipProbe, probe_mp4
from libs.common.contracts.keyframe_pack import PackedKeyframe
from libs.common.contracts.records import ClipRecord
from libs.common.domain.clip_identity import ClipRef
from services.collector.camera_port import CardSession


class CountingReader:
    """A RangeReader over one camera file that counts the bytes it returns (every read of one clip goes through one)."""

    def __init__(self, session: CardSession, path: str) -> None:
        """Read path through session."""
        self._session, self._path, self.bytes_read = session, path, 0

    async def __call__(self, offset: int, length: int) -> bytes:
        """Read a range and count it."""
        data = await self._session.read_range(self._path, offset, length)
        self.bytes_read += len(data)
        return data


@dataclass
class ReadClip:
    """A clip's record, and its probe when the clip is readable."""

    record: ClipRecord
    probe: ClipProbe | None
    reader: CountingReader


async def read_clip(reader: CountingReader, ref: ClipRef, remote: RemoteFile, start: datetime) -> ReadClip:
    """Probe one clip through reader; a broken clip becomes a record with its status and reason, never an exception."""
    base = {
        "clip_id": ref.clip_id,
        "path": remote.path,
        "start": start,
        "size_bytes": remote.size,
        "mtime": remote.mtime,
        "facts_version": CLIP_FACTS_VERSION,
    }
    try:
        probe = await probe_mp4(reader, remote.size)
    except ClipProblem as problem:
        record = ClipRecord(**base, status=problem.status, error=str(problem), bytes_read=reader.bytes_read)
        return ReadClip(record, None, reader)
    record = ClipRecord(
        **base, status="ok", facts=probe.facts, bytes_read=reader.bytes_read, keyframes=len(probe.keyframes)
    )
    return ReadClip(record, probe, reader)


@dataclass(frozen=True)
class ImageKeyframes:
    """Keyframes read for a clip's images, and the camera bytes the thumbnail and the preview cost."""

    frames: list[PackedKeyframe]
    thumbnail_bytes: int
    preview_bytes: int


async def read_keyframes(clip: ReadClip, count: int, budget_bytes: int) -> ImageKeyframes:
    """The first keyframe and up to count-1 small ones spread over the clip, within budget_bytes of reads."""
    assert clip.probe is not None
    chosen = choose_image_keyframes(clip.probe, max(1, count), budget_bytes)
    frames, spent = [], []
    for keyframe in chosen:
        before = clip.reader.bytes_read
        frames.append(PackedKeyframe(keyframe.time_s, await read_keyframe_annexb(clip.reader, clip.probe, keyframe)))
        spent.append(clip.reader.bytes_read - before)
    return ImageKeyframes(frames, spent[0], sum(spent[1:]))
