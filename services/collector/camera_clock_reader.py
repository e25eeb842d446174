"""Reading the camera's clock, uptime and boot id once per scan, beside the listing, and which clip it is writing."""

from __future__ import annotations

from datetime import datetime

import structlog

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.camera_clock import ClockReading
from libs.common.contracts.records import utc_now
from libs.common.documents.camera_clock import append_clock_reading
from libs.common.domain.camera_clock import CLOCK_COMMAND, CLOCK_OUTPUT_BYTES, reading_from_output
from libs.common.domain.recording_clip import clip_length_s, is_being_written
from services.collector.camera_port import CardSession

log = structlog.get_logger(__name__)


async def read_camera_clock(session: CardSession, scan_id: str) -> ClockReading | None:
    """The camera's clock (± half the round trip), uptime and boot id in one exec call; None if it has no clock
    to tell (a camera without `date`, or a card folder): its newest clip is then judged like any other."""
    sent = utc_now()
    try:
        output, _ = await session.command_output(CLOCK_COMMAND, CLOCK_OUTPUT_BYTES)
    except CameraError as exc:
        log.info("camera clock not readable", camera_id=session.camera_id, reason=str(exc))
        return None
    reading = reading_from_output(output, scan_id, sent, utc_now())
    if reading is None:
        log.info("camera clock not understood", camera_id=session.camera_id, output=output[:200])
    return reading


async def store_clock_reading(store: ObjectStore, camera_id: str, reading: ClockReading | None) -> None:
    """Add the scan's reading to the camera's clock history (nothing when the clock was not read)."""
    if reading is not None:
        await append_clock_reading(store, camera_id, reading)


def clip_being_written(days: dict[str, list[tuple[RemoteFile, datetime]]], reading: ClockReading | None,
                       configured_clip_s: float | None) -> str | None:
    """The path of the newest clip on the card when it was modified within one clip length (plus slack) of the
    camera's clock; None without a clock reading or such a clip. Whether it has an index decides the rest."""
    clips = [clip for listed in days.values() for clip in listed]
    if reading is None or not clips:
        return None
    newest, _ = max(clips, key=lambda clip: (clip[1], clip[0].path))
    clip_s = clip_length_s([start for _, start in clips], configured_clip_s)
    return newest.path if is_being_written(newest.mtime, reading.camera_time, clip_s) else None
