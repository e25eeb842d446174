"""The camera clock document: the collector appends each scan's reading, the checks read the history."""

from __future__ import annotations

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.camera_clock import MAX_READINGS, ClockHistory, ClockReading

CLOCK_DOC = "clock"


async def load_clock_history(store: ObjectStore, camera_id: str) -> ClockHistory:
    """Every kept reading of the camera's clock, oldest first (none before its first scan)."""
    try:
        return ClockHistory.model_validate(await get_json(store, keys.camera_doc(camera_id, CLOCK_DOC)))
    except ObjectMissing:
        return ClockHistory()


async def append_clock_reading(store: ObjectStore, camera_id: str, reading: ClockReading) -> None:
    """Add one scan's reading (a redelivered scan replaces its own), dropping the oldest beyond MAX_READINGS."""
    history = await load_clock_history(store, camera_id)
    kept = [old for old in history.readings if old.scan_id != reading.scan_id]
    history = ClockHistory(readings=[*kept, reading][-MAX_READINGS:])
    await put_json(store, keys.camera_doc(camera_id, CLOCK_DOC), history.model_dump(mode="json"))
