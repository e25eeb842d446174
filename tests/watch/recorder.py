"""A camera recorder for tests: closes one short clip after another into today's folder, in real time, and can
stop recording for a while (a planted gap), as a camera whose recording stopped would."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from libs.camera_simulator.card_builder import ClipSlot
from libs.camera_simulator.clip_encoder import encode_clip
from libs.camera_simulator.schedule_ini import CONTINUOUS, WEEKDAYS, hour_character, write_config_ini
from libs.camera_simulator.system_files import default_system_path, write_system_files
from tools.local_servers.polling import eventually

CLIP_S = 4.0


def continuous_card(root: Path) -> Path:
    """An empty card whose schedule records continuously all week, with its config ini and system files."""
    root.mkdir(parents=True, exist_ok=True)
    write_config_ini(root.parent / "config" / "camera.ini",
                     schedule={day: hour_character(CONTINUOUS, CONTINUOUS) * 24 for day in WEEKDAYS})
    write_system_files(default_system_path(root))
    return root


class Recorder:
    """Writes a CLIP_S clip named for its start each time one ends; each appears whole (renamed into place)."""

    def __init__(self, card: Path, scratch: Path) -> None:
        """Encode the clip every slot copies; nothing is written until start()."""
        self.card, self._scratch = card, scratch
        scratch.mkdir(parents=True, exist_ok=True)
        self._template = scratch / "template.mp4"
        encode_clip(self._template, width=320, height=180, fps=10, seconds=CLIP_S, bitrate_kbps=150, audio=False,
                    background=(40, 90, 60), label="recorder")
        self._task: asyncio.Task[None] | None = None
        self._paused = asyncio.Event()
        self._resume_after_s = 0.0
        self.stopped_at: datetime | None = None
        self.clips: list[datetime] = []

    def start(self) -> None:
        """Begin recording at the next whole second."""
        self._task = asyncio.create_task(self._run())

    def stop_for(self, seconds: float) -> None:
        """Plant a stop: no clip for `seconds` after the clip in progress (which is dropped, as a stop loses it)."""
        self._resume_after_s = seconds
        self._paused.set()

    async def close(self) -> None:
        """Stop writing."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        """One clip per CLIP_S, contiguous, until told to pause; then the same after the pause."""
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
        while True:
            end = start + timedelta(seconds=CLIP_S)
            try:
                await asyncio.wait_for(self._paused.wait(), (end - datetime.now(UTC)).total_seconds())
            except TimeoutError:
                self._place(start)
                start = end
                continue
            self._paused.clear()
            self.stopped_at = start
            await asyncio.sleep(self._resume_after_s)
            start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)

    def _place(self, start: datetime) -> None:
        """Put the clip that started at `start` on the card, whole, with its end as mtime."""
        target = self.card / ClipSlot(start).relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = self._scratch / target.name
        shutil.copyfile(self._template, staging)
        end = start.timestamp() + CLIP_S
        os.utime(staging, (end, end))
        os.replace(staging, target)
        self.clips.append(start)


@asynccontextmanager
async def recording_card(folder: Path) -> AsyncIterator[Recorder]:
    """A Recorder closing clips onto an empty continuous-schedule card under folder, once it has closed two."""
    writer = Recorder(continuous_card(folder / "card" / "sdcard"), folder / "scratch")
    writer.start()
    try:
        await eventually(lambda: len(writer.clips) >= 2, 30, "the recorder's first clips")
        yield writer
    finally:
        await writer.close()
