"""Sorting a card listing into clips by day, and summarising what it holds."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from libs.common.adapters.camera.remote_file import DiskUsage, RemoteFile
from libs.common.contracts.records import StorageRecord
from libs.common.domain.clip_identity import clip_start


def clips_by_day(files: list[RemoteFile]) -> dict[str, list[tuple[RemoteFile, datetime]]]:
    """Clip files grouped by their day folder, in time order; other files are left out."""
    days: dict[str, list[tuple[RemoteFile, datetime]]] = defaultdict(list)
    for remote in files:
        start = clip_start(remote.path)
        if start is not None:
            days[remote.path[:10]].append((remote, start))
    return {day: sorted(clips, key=lambda item: (item[1], item[0].path)) for day, clips in sorted(days.items())}


def storage_summary(usage: DiskUsage, days: dict[str, list[tuple[RemoteFile, datetime]]]) -> StorageRecord:
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
