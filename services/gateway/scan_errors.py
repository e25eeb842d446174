"""A scan's per-clip problems: clips whose metadata could not be read and image jobs given up on."""

from __future__ import annotations

import json

from pydantic import ValidationError

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.scans import ClipProblem
from libs.common.contracts.records import DayRecord, ScanRecord, is_broken
from libs.common.documents.scan_progress import FAILED, PREVIEW_FAILED


async def scan_problems(store: ObjectStore, record: ScanRecord) -> list[ClipProblem]:
    """Clips not ok in the day lists this scan wrote, then clips whose image job was dead-lettered."""
    return await _metadata_problems(store, record) + await _image_problems(store, record.scan_id)


async def _metadata_problems(store: ObjectStore, record: ScanRecord) -> list[ClipProblem]:
    """Incomplete or unreadable clips of the day lists whose latest scan is this one."""
    problems = []
    for key in await store.list(keys.day_prefix(record.camera_id)):
        try:
            day = DayRecord.model_validate(await get_json(store, key))
        except (ObjectMissing, ValidationError, ValueError):
            continue
        if day.scan_id == record.scan_id:
            problems += [ClipProblem(clip_id=clip.clip_id, stage="metadata", error=clip.error or clip.status)
                         for clip in day.clips if is_broken(clip.status)]
    return problems


async def _image_problems(store: ObjectStore, scan_id: str) -> list[ClipProblem]:
    """The reasons thumbnailers stored in the scan's failed markers: thumbnail jobs, then preview jobs."""
    problems = []
    for kind, what in ((FAILED, ""), (PREVIEW_FAILED, "animated preview: ")):
        for key in await store.list(keys.scan_marker_prefix(scan_id, kind)):
            try:
                reason = json.loads(await store.get(key)).get("error")
            except (ObjectMissing, ValueError, AttributeError):
                reason = None
            problems.append(ClipProblem(clip_id=key.rsplit("/", 1)[-1], stage="images",
                                        error=what + str(reason or "image job failed for good")))
    return problems
