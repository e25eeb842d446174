"""Build the demo camera's card from its plan: real clips (one template per kind), each copy with its own mtime."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from libs.camera_simulator.card_builder import TRUNCATED_FRACTION, ClipSlot, default_config_path, place_copy
from libs.camera_simulator.clip_encoder import encode_clip
from libs.camera_simulator.demo_plan import SHORT_FRACTION, DemoClip, demo_plan
from libs.camera_simulator.schedule_ini import write_config_ini
from libs.camera_simulator.system_files import default_system_path, write_system_files

DROPPED_SPANS_S = ((1.2, 1.8), (41.2, 41.6))  # frames missing there, between two keyframes
LONG_KEYFRAME_INTERVAL_S = 4.0
WIDE_FACTOR = 0.75


def _encode(template: str, target: Path, *, width: int, height: int, fps: int, clip_s: float,
            bitrate_kbps: int) -> None:
    """One template clip: clean, short, with dropped frames, a long keyframe interval, or another resolution."""
    dropped = {frame for first, last in DROPPED_SPANS_S if last < clip_s
               for frame in range(round(first * fps), round(last * fps))} if template == "dropped" else set()
    if template == "wide":
        width, height = round(width * WIDE_FACTOR / 2) * 2, round(height * WIDE_FACTOR / 2) * 2
    encode_clip(target, width=width, height=height, fps=fps, bitrate_kbps=bitrate_kbps, audio=True,
                seconds=clip_s * SHORT_FRACTION if template == "short" else clip_s,
                background=(30, 70, 100) if template != "wide" else (90, 60, 30), label=f"demo {template}",
                keyframe_every_s=LONG_KEYFRAME_INTERVAL_S if template == "long_gop" else 1.0, dropped=dropped)


def _place(clip: DemoClip, template: Path, target: Path) -> None:
    """A copy of the template whose mtime is when the camera closed it; a cut clip keeps only its first bytes."""
    closed = clip.start.timestamp() + clip.seconds + clip.mtime_off_s
    if not clip.cut:
        place_copy(template, target, closed, hardlink=False)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    data = template.read_bytes()
    target.write_bytes(data[: int(len(data) * TRUNCATED_FRACTION)])
    os.utime(target, (closed, closed))
    (target.parent / f"{target.name}.tmp").write_bytes(b"")
    with sqlite3.connect(target.parent / "recording.db") as database:
        database.execute("CREATE TABLE IF NOT EXISTS clips (name TEXT PRIMARY KEY, size INTEGER)")
        database.execute("INSERT OR REPLACE INTO clips VALUES (?, ?)", (target.name, len(data)))
    database.close()


def recording_template_path(root: Path) -> Path:
    """Where the demo keeps its clean clip, the one its recorder goes on recording: beside the card."""
    return root.parent / "demo-clean-clip.mp4"


def ensure_recording_template(root: Path, *, clip_s: float = 60.0, width: int = 640, height: int = 360,
                              fps: int = 15, bitrate_kbps: int = 120) -> Path:
    """The demo's clean clip (encoded again for a card built before it was kept)."""
    path = recording_template_path(root)
    if not path.is_file():
        _encode("clean", path, width=width, height=height, fps=fps, clip_s=clip_s, bitrate_kbps=bitrate_kbps)
    return path


def build_demo_card(root: Path, now: datetime, *, clip_s: float = 60.0, width: int = 640, height: int = 360,
                    fps: int = 15, bitrate_kbps: int = 120) -> Path:
    """Write the demo card under `root`, its config ini (the plan's schedule) and system files; return root.

    No clip starts after `now`. One template per kind of clip is encoded, then copied per clip; the clean one is
    kept beside the card for the demo's recorder.
    """
    plan = demo_plan(now, clip_s)
    root.mkdir(parents=True, exist_ok=True)
    write_config_ini(default_config_path(root), model="DomePlus", schedule=plan.schedule)
    write_system_files(default_system_path(root))
    with tempfile.TemporaryDirectory(prefix="demo-templates-") as scratch:
        templates = {}
        for name in sorted({clip.template for clip in plan.clips}):
            templates[name] = Path(scratch) / f"{name}.mp4"
            _encode(name, templates[name], width=width, height=height, fps=fps, clip_s=clip_s,
                    bitrate_kbps=bitrate_kbps)
        for clip in plan.clips:
            _place(clip, templates[clip.template], root / ClipSlot(clip.start).relative_path)
        shutil.copyfile(templates["clean"], recording_template_path(root))
    return root
