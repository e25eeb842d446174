"""Reading and writing scan records, and deriving a scan's image progress from its markers."""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import CameraRecord, ScanRecord, utc_now


@dataclass(frozen=True)
class ImageProgress:
    """Per-scan counts of clips whose image job has settled, by outcome."""

    thumbnails_done: int
    previews_done: int
    failed: int
    settled: int


async def load_scan(store: ObjectStore, scan_id: str) -> ScanRecord:
    """The stored scan record (ObjectMissing if there is none)."""
    return ScanRecord.model_validate(await get_json(store, keys.scan_doc(scan_id)))


async def save_scan(store: ObjectStore, record: ScanRecord) -> None:
    """Replace the stored scan record."""
    await put_json(store, keys.scan_doc(record.scan_id), record.model_dump(mode="json"))


async def image_progress(store: ObjectStore, scan_id: str) -> ImageProgress:
    """Count the markers thumbnailers left for this scan."""

    async def count(kind: str) -> int:
        return len(await store.list(keys.scan_marker_prefix(scan_id, kind)))

    return ImageProgress(
        thumbnails_done=await count("thumbs"),
        previews_done=await count("previews"),
        failed=await count("failed"),
        settled=await count("settled"),
    )


async def complete_if_done(store: ObjectStore, scan_id: str) -> ScanRecord | None:
    """Mark a collected scan completed once every image job settled; the record if this call completed it."""
    record = await load_scan(store, scan_id)
    if record.status != "running" or not record.collected:
        return None
    if record.images_expected and (await image_progress(store, scan_id)).settled < record.images_expected:
        return None
    record.status, record.finished = "completed", utc_now()
    await save_scan(store, record)
    await _note_last_scan(store, record)
    return record


async def _note_last_scan(store: ObjectStore, record: ScanRecord) -> None:
    """Bring the camera's 'last scan' up to date when that scan ends after its collection."""
    key = keys.camera_doc(record.camera_id, "camera")
    try:
        camera = CameraRecord.model_validate(await get_json(store, key))
    except ObjectMissing:
        return
    if camera.last_scan_id == record.scan_id:
        camera.last_scan_status, camera.last_scan_time = record.status, record.finished
        await put_json(store, key, camera.model_dump(mode="json"))
