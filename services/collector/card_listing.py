"""Listing the card: its clips by day, why a scan that finds none must warn, and a summary of what it holds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from libs.common.adapters.camera.errors import CameraFileError
from libs.common.adapters.camera.remote_file import DiskUsage, RemoteFile
from libs.common.contracts.records import StorageRecord
from libs.common.domain.clip_identity import clip_start
from services.collector.camera_port import CardSession

ClipsByDay = dict[str, list[tuple[RemoteFile, datetime]]]
CLIP_LAYOUT = "<YYYY-MM-DD>/<HH>/<name>-<HHMMSS>.mp4"


@dataclass(frozen=True)
class CardListing:
    """The card's clips by day; `listed` is False when the card root could not be listed at all, and `warning`
    says why a listing without clips is not a plain empty card."""

    days: ClipsByDay
    listed: bool
    warning: str | None


async def list_card(session: CardSession, sd_root: str) -> CardListing:
    """List the card root: a root that cannot be listed (missing, not mounted) or that holds files but no clip in
    the camera's layout is a warning with the reason, never a silent empty card."""
    try:
        files = await session.list_files()
    except CameraFileError as exc:
        return CardListing({}, False, f"the card root {sd_root} could not be listed (is the card mounted?): {exc}")
    days = clips_by_day(files)
    if days or not files:
        return CardListing(days, True, None)
    return CardListing(days, True, (
        f"the card root {sd_root} holds {len(files)} files but no clip laid out as {CLIP_LAYOUT} "
        f"(the first is {files[0].path[:200]!r}): is the card root right?"))


async def disk_usage(session: CardSession) -> DiskUsage | None:
    """The card's capacity, or None when `df` failed on its root (list_card tells why, or reads it again)."""
    try:
        return await session.disk_usage()
    except CameraFileError:
        return None


def clips_by_day(files: list[RemoteFile]) -> ClipsByDay:
    """Clip files grouped by their day folder, in time order; other files are left out."""
    days: dict[str, list[tuple[RemoteFile, datetime]]] = defaultdict(list)
    for remote in files:
        start = clip_start(remote.path)
        if start is not None:
            days[remote.path[:10]].append((remote, start))
    return {day: sorted(clips, key=lambda item: (item[1], item[0].path)) for day, clips in sorted(days.items())}


def storage_summary(usage: DiskUsage, days: ClipsByDay) -> StorageRecord:
    """Filesystem totals plus the bytes and time span of the recordings."""
    starts = [start for clips in days.values() for _, start in clips]
    return StorageRecord(
        total_bytes=usage.total_bytes,
        used_bytes=usage.used_bytes,
        free_bytes=usage.free_bytes,
        recordings_bytes=sum(remote.size for clips in days.values() for remote, _ in clips),
        oldest=min(starts, default=None),
        newest=max(starts, default=None),
    )
