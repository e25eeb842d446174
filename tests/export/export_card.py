"""The card the export tests read: back-to-back 10 s clips, a one-minute gap, a cut-off clip, a resolution change,
and two clips written with their index first (faststart)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from libs.camera_simulator.card_builder import ClipSlot, build_card

DAY = date(2026, 11, 20)
CLIP_SECONDS = 10.0
FPS = 15
FIRST_RUN = range(0, 6)  # 02:00:00 .. 02:00:50, back to back
SECOND_RUN = range(12, 18)  # 02:02:00 .. 02:02:50, after a one-minute gap
CUT_OFF = 18  # 02:03:00, cut before its moov
SMALLER = range(30, 33)  # 02:05:00 .. 02:05:20 at 480x270
FASTSTART = range(40, 42)  # 02:06:40 .. 02:06:50, moov before mdat
_SLOTS_PER_HOUR = 360


def slot(index: int) -> ClipSlot:
    """The index-th 10 s slot of hour 02."""
    return ClipSlot(datetime(DAY.year, DAY.month, DAY.day, 2, tzinfo=UTC) + timedelta(seconds=10 * index))


def _card(root: Path, width: int, height: int) -> Path:
    return build_card(root, days=[DAY], hours=[2], clips_per_hour=_SLOTS_PER_HOUR, clip_seconds=CLIP_SECONDS,
                      width=width, height=height, fps=FPS, bitrate_kbps=400, broken=False, hardlink=True)


def build_export_card(root: Path) -> Path:
    """Build the card under root (its config ini beside it) and return root."""
    _card(root, 640, 360)
    kept = {slot(index).relative_path for index in (*FIRST_RUN, *SECOND_RUN)}
    for clip in root.rglob("*.mp4"):
        if clip.relative_to(root).as_posix() not in kept:
            clip.unlink()
    whole = (root / slot(SECOND_RUN[-1]).relative_path).read_bytes()
    (root / slot(CUT_OFF).relative_path).write_bytes(whole[: len(whole) * 2 // 5])
    smaller = _card(root.parent / "smaller-card", 480, 270)
    for index in SMALLER:
        shutil.copyfile(smaller / slot(index).relative_path, root / slot(index).relative_path)
    shutil.rmtree(smaller)
    for index, source in zip(FASTSTART, SECOND_RUN, strict=False):
        subprocess.run(["ffmpeg", "-v", "error", "-i", str(root / slot(source).relative_path), "-map", "0", "-c",
                        "copy", "-movflags", "+faststart", str(root / slot(index).relative_path)], check=True)
    return root


def at(index: int, seconds: float = 0.0) -> str:
    """The ISO instant `seconds` into slot `index`, as a query value."""
    return (slot(index).start + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
