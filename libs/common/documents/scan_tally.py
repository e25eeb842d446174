"""A camera's running totals of ended scans (results, durations, clips and bytes read), owned here alone.

One small document per camera (`cameras/{id}/scan_tally.json`), added to when a scan ends, conditionally on the
version read (conditional_update), so two ends in different processes both count. The metrics route sums these
documents at scrape time, so counters add up over every collector and thumbnailer process.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, ValidationError

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import ScanRecord, ScanStatus
from libs.common.documents.conditional_update import update_document

TALLY_DOC = "scan_tally"
# Upper bounds (seconds) of the scan duration histogram: a light rescan takes seconds, a full card an hour.
DURATION_BUCKETS_S: tuple[float, ...] = (1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)


class ScanTally(BaseModel):
    """Totals over a camera's ended scans; `duration_buckets[i]` counts scans that took at most
    DURATION_BUCKETS_S[i] seconds (not cumulative); longer scans count only in `duration_count`."""

    results: dict[str, int] = Field(default_factory=dict)
    duration_buckets: list[int] = Field(default_factory=lambda: [0] * len(DURATION_BUCKETS_S))
    duration_count: int = 0
    duration_sum_s: float = 0.0
    clips_read: int = 0
    bytes_read: int = 0
    last_scan_id: str | None = None
    last_success: datetime | None = None


async def load_tally(store: ObjectStore, camera_id: str) -> ScanTally:
    """The camera's totals; zero for a camera no scan ended on (or an unreadable document)."""
    try:
        return ScanTally.model_validate(await get_json(store, keys.camera_doc(camera_id, TALLY_DOC)))
    except (ObjectMissing, ValidationError, ValueError):
        return ScanTally()


def add_scan(tally: ScanTally, record: ScanRecord) -> ScanTally:
    """The totals with one ended scan added (the same scan twice in a row counts once)."""
    if record.scan_id == tally.last_scan_id:
        return tally
    added = tally.model_copy(deep=True)
    added.last_scan_id = record.scan_id
    added.results[record.status.value] = added.results.get(record.status.value, 0) + 1
    added.clips_read += record.clips_done - record.clips_cached
    added.bytes_read += record.bytes_read + record.image_bytes_read
    if record.status is ScanStatus.COMPLETED:
        added.last_success = record.finished
    if record.started is not None and record.finished is not None:
        seconds = max((record.finished - record.started).total_seconds(), 0.0)
        added.duration_count += 1
        added.duration_sum_s = round(added.duration_sum_s + seconds, 3)
        slot = next((index for index, bound in enumerate(DURATION_BUCKETS_S) if seconds <= bound), None)
        if slot is not None:
            added.duration_buckets[slot] += 1
    return added


async def record_scan_end(store: ObjectStore, record: ScanRecord) -> None:
    """Add an ended scan to its camera's totals."""

    def add(stored: ScanTally | None) -> ScanTally | None:
        tally = stored or ScanTally()
        added = add_scan(tally, record)
        return None if added is tally else added

    await update_document(store, keys.camera_doc(record.camera_id, TALLY_DOC), ScanTally, add)
