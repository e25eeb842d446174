"""Synthetic day records for the coverage and aggregate tests: clips at given times with given facts."""

from __future__ import annotations

from datetime import datetime

from libs.common.adapters.media.clip_facts import ClipFacts, VideoFacts
from libs.common.contracts.records import ClipRecord, DayRecord
from libs.common.domain.schedule import WEEKDAYS, WeeklySchedule

DAY = "2026-11-20"  # a Friday


def clip(hms: str, duration_s: float = 60.0, fps: float = 30.0, kbps: float = 900.0, size: int = 6_750_000,
         width: int = 1920) -> ClipRecord:
    """An ok clip starting at HH:MM:SS of DAY."""
    start = datetime.fromisoformat(f"{DAY}T{hms}")
    video = VideoFacts(codec="h264", profile="Main", level=4.0, width=width, height=width * 9 // 16, fps=fps,
                       fps_nominal=None, bitrate_kbps=kbps, frames=int(fps * duration_s),
                       keyframe_interval_s=1.0, keyframe_interval_frames=int(fps), keyframe_regular=True)
    facts = ClipFacts(container="mp4", duration_s=duration_s, video=video, audio=None, fragmented=False)
    return ClipRecord(clip_id=f"CAM01.{DAY}.{hms.replace(':', '')}", path=f"{DAY}/{hms[:2]}/x-{hms}.mp4",
                      start=start, size_bytes=size, mtime=0, status="ok", facts=facts)


def broken(hms: str, size: int = 1000) -> ClipRecord:
    """A clip cut before its index was written."""
    return ClipRecord(clip_id=f"CAM01.{DAY}.{hms.replace(':', '')}", path=f"{DAY}/{hms[:2]}/x-{hms}.mp4",
                      start=datetime.fromisoformat(f"{DAY}T{hms}"), size_bytes=size, mtime=0,
                      status="incomplete", error="no moov box")


def day(*clips: ClipRecord) -> DayRecord:
    """A day record of the given clips."""
    return DayRecord(camera_id="CAM01", date=DAY, scan_id="s", clips=list(clips))


def every_day(modes: list[str]) -> WeeklySchedule:
    """The same 48 half-hour modes on every weekday."""
    return WeeklySchedule.model_validate({"days": {name: modes for name in WEEKDAYS}})
