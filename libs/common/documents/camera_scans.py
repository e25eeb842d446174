"""A camera's pointers to its scans: the active one (`active_scan.json`) and the last one (in `camera.json`).

Written only by scan_lifecycle.py, conditionally on the version read, so a scan ending in one process never undoes
a pointer another process moved.
"""

from __future__ import annotations

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import ActiveScan, CameraRecord, ScanRecord
from libs.common.documents.conditional_update import update_document


async def active_scan_id(store: ObjectStore, camera_id: str) -> str | None:
    """The id of the scan the camera's active pointer names (it may have ended since), if any."""
    try:
        return ActiveScan.model_validate(await get_json(store, keys.camera_doc(camera_id, "active_scan"))).scan_id
    except (ObjectMissing, ValueError):
        return None


async def point_active_scan(store: ObjectStore, camera_id: str, scan_id: str) -> None:
    """Make scan_id the camera's active scan."""
    active = ActiveScan(scan_id=scan_id)
    await update_document(store, keys.camera_doc(camera_id, "active_scan"), ActiveScan, lambda _: active)


async def note_last_scan(store: ObjectStore, record: ScanRecord, camera: CameraRecord | None) -> None:
    """Write the camera's last scan from `camera`, or update the stored one if it names this scan."""

    def note(stored: CameraRecord | None) -> CameraRecord | None:
        base = camera or stored
        if base is None or (camera is None and base.last_scan_id != record.scan_id):
            return None
        return base.model_copy(update={"last_scan_id": record.scan_id, "last_scan_status": record.status,
                                       "last_scan_time": record.finished or record.started})

    await update_document(store, keys.camera_doc(record.camera_id, "camera"), CameraRecord, note)
