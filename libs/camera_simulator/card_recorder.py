"""A camera recording onto a card folder while something scans it: the clip being written grows with no index
(its moov is written last, or fragment by fragment), closes on the clip boundary of the camera's clock, and the
next clip begins. Tests and benches run it beside the simulator or an sshd serving the same folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import time
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path

import av

from libs.camera_simulator.card_builder import TRUNCATED_FRACTION, ClipSlot
from libs.camera_simulator.clip_encoder import encode_clip

FRAGMENTED_FLAGS = "frag_keyframe+empty_moov+default_base_moof"
TICK_S = 0.1


def recording_template(path: Path, clip_s: float, *, fragmented: bool = False) -> Path:
    """A small camera clip of clip_s seconds (moov at the end; fragmented: moov first, one fragment per keyframe)."""
    plain = path.with_suffix(".plain.mp4") if fragmented else path
    encode_clip(plain, width=160, height=96, fps=10, seconds=clip_s, bitrate_kbps=150, audio=False,
                background=(40, 80, 60), label="rec")
    if fragmented:
        with av.open(str(plain)) as source, av.open(str(path), "w", format="mp4",
                                                      options={"movflags": FRAGMENTED_FLAGS}) as target:
            stream = target.add_stream_from_template(source.streams.video[0])
            for packet in source.demux(source.streams.video[0]):
                if packet.dts is not None:
                    packet.stream = stream
                    target.mux(packet)
        plain.unlink()
    return path


def growing_bounds(data: bytes, fragmented: bool) -> tuple[int, int]:
    """How many of a clip's bytes are on the card when it begins and just before it closes: up to the moov (moov
    at the end, written last), or the moov first and then fragment after fragment, all but the last byte."""
    position = 0
    while position + 8 <= len(data):
        size, kind = int.from_bytes(data[position : position + 4], "big"), data[position + 4 : position + 8]
        if kind == b"moov":
            return (position + size, len(data) - 1) if fragmented else (0, position)
        position += size
    raise ValueError("the template has no moov box")


class CardRecorder:
    """Records `template` copies into card_dir, clip after clip, on the camera clock `now` (epoch seconds).

    backfill() lays down closed clips before the first boundary (some cut, as a power cut leaves them);
    `async with recorder:` records until the block ends; pause() stops after the clip being written closes,
    resume() starts a new clip at once (as after a reboot).
    """

    def __init__(self, card_dir: Path, template: Path, clip_s: float, *, now: Callable[[], float] = time.time,
                 fragmented: bool = False) -> None:
        """Record into card_dir with clips of clip_s seconds (the template's length) on the clock `now`."""
        self._card, self._clip_s, self._now = card_dir, clip_s, now
        self._data = template.read_bytes()
        self._first, self._last = growing_bounds(self._data, fragmented)
        self._start: float | None = None
        self._next: float = math.floor(now() / clip_s) * clip_s
        self._paused = self._anew = False
        self._task: asyncio.Task[None] | None = None
        self.closed: list[Path] = []

    def path_of(self, start: float) -> Path:
        """The card file of the clip starting at `start` (camera epoch seconds)."""
        return self._card / ClipSlot(datetime.fromtimestamp(start, UTC)).relative_path

    def backfill(self, clips: int, cut: Collection[int] = ()) -> list[Path]:
        """`clips` closed clips ending where recording begins, oldest first; those numbered in `cut` (from 0, the
        oldest) keep only their first bytes and no index, like a power cut leaves them."""
        paths = []
        for number in range(clips):
            start = self._next - (clips - number) * self._clip_s
            data = self._data[: int(len(self._data) * TRUNCATED_FRACTION)] if number in cut else self._data
            paths.append(self._write(start, data, start + self._clip_s))
        return paths

    @property
    def current(self) -> Path | None:
        """The clip being written now, if any."""
        return self.path_of(self._start) if self._start is not None else None

    @property
    def clip_s(self) -> float:
        """The length of each clip."""
        return self._clip_s

    @property
    def current_start(self) -> float | None:
        """When the clip being written began (camera epoch seconds), if one is."""
        return self._start

    def pause(self) -> None:
        """Stop recording once the clip being written closes."""
        self._paused = True

    def resume(self) -> None:
        """Record again, starting a new clip on the next tick."""
        self._paused, self._anew = False, True

    def start(self) -> None:
        """Start recording in the background (on the running event loop)."""
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Stop recording; the clip being written stays as it is (no index), as when a camera is cut off."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def __aenter__(self) -> CardRecorder:
        """Record for the length of an `async with` block."""
        self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        """Stop at the end of the block."""
        await self.stop()

    async def _run(self) -> None:
        """Grow, close and begin clips on the camera's clock."""
        while True:
            self.tick()
            await asyncio.sleep(TICK_S)

    def tick(self) -> None:
        """One step of recording at the camera clock's present moment."""
        now = self._now()
        if self._start is not None and now >= self._start + self._clip_s:
            end = self._start + self._clip_s
            self.closed.append(self._write(self._start, self._data, end))
            self._start = None
            self._next = end if now < end + self._clip_s else math.floor(now)  # after a clock step: start anew
        if self._start is None and not self._paused:
            self._start = math.floor(now) if self._anew else self._next
            self._anew = False
        if self._start is not None:
            written = max(min((now - self._start) / self._clip_s, 1.0), 0.0)
            self._write(self._start, self._data[: self._first + int(written * (self._last - self._first))], now)

    def _write(self, start: float, data: bytes, mtime: float) -> Path:
        """Put the clip's bytes so far in place (appending what is new) with the camera clock's mtime."""
        path = self.path_of(start)
        path.parent.mkdir(parents=True, exist_ok=True)
        have = path.stat().st_size if path.exists() else 0
        if have > len(data):
            path.unlink()
            have = 0
        with path.open("ab") as handle:
            handle.write(data[have:])
        os.utime(path, (mtime, mtime))
        return path
