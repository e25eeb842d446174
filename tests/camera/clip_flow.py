"""One clip read the way the collector is meant to: one open, facts tail first, the images' keyframes in one batch.

A stand-in for the collector's flow over CameraSession.open_clip, shared by the camera tests and the wire-speed
bench until the collector itself uses the session API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.media.errors import ClipProblem
from libs.common.adapters.media.keyframe_budget import choose_image_keyframes
from libs.common.adapters.media.keyframe_bytes import read_keyframes_annexb
from libs.common.adapters.media.mp4_probe import ClipProbe, probe_clip
from libs.common.adapters.media.tail_first import TailGuess

IMAGE_BUDGET_PCT = 2.0
IMAGE_BUDGET_MIN_BYTES = 64 * 1024


class OpenedClip(Protocol):
    """What the flow needs of an opened clip (CameraSession.open_clip gives one)."""

    bytes_read: int

    async def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Each range's bytes, in one batch."""
        ...


ClipOpener = Callable[[str], AbstractAsyncContextManager[OpenedClip]]


def local_opener(card_dir: Path) -> ClipOpener:
    """Open clips straight from the local card folder (the reference a camera's answers are compared with)."""

    @asynccontextmanager
    async def opened(path: str) -> AsyncIterator[OpenedClip]:
        yield LocalClip((card_dir / path).read_bytes())

    return opened


class LocalClip:
    """An OpenedClip over bytes in memory."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.bytes_read = 0

    async def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Each range's bytes."""
        data = [self._data[offset : offset + length] for offset, length in ranges]
        self.bytes_read += sum(len(piece) for piece in data)
        return data


@dataclass
class ClipResult:
    """How one clip ended: ok with its probe and keyframes, or incomplete/unreadable with the reason."""

    path: str
    status: str
    reason: str | None = None
    probe: ClipProbe | None = None
    keyframes: list[bytes] = field(default_factory=list)
    facts_bytes: int = 0
    image_bytes: int = 0


async def read_clip(open_clip: ClipOpener, remote: RemoteFile, guess: TailGuess, frames: int = 10) -> ClipResult:
    """Facts and up to `frames` image keyframes of one clip (at most 2 % of it); never raises for one clip.

    `open_clip` is CameraSession.open_clip (or local_opener for the reference).
    """
    result = ClipResult(remote.path, "ok")
    async with open_clip(remote.path) as clip:
        try:
            result.probe = await probe_clip(clip, remote.size, guess)
            result.facts_bytes = clip.bytes_read
            budget = max(IMAGE_BUDGET_MIN_BYTES, int(remote.size * IMAGE_BUDGET_PCT / 100))
            chosen = choose_image_keyframes(result.probe, frames, budget) if result.probe.facts.video else ()
            result.keyframes = await read_keyframes_annexb(clip, result.probe, chosen)
            result.image_bytes = clip.bytes_read - result.facts_bytes
        except ClipProblem as problem:
            result.status, result.reason = problem.status, str(problem)
        except CameraError as error:
            result.status, result.reason = "unreadable", f"camera read failed: {error}"
        if result.probe is None:
            result.facts_bytes = clip.bytes_read
    return result
