"""The day a person is looking at, per camera: stored by the gateway, read by the collector to put it first."""

from __future__ import annotations

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import utc_now


async def save_focus(store: ObjectStore, camera_id: str, date: str) -> None:
    """Remember that `date` of this camera is on someone's screen now."""
    await put_json(store, keys.camera_doc(camera_id, "focus"), {"date": date, "time": utc_now().isoformat()})


async def read_focus(store: ObjectStore, camera_id: str) -> str | None:
    """The camera's day on screen, or None when nobody said."""
    try:
        doc = await get_json(store, keys.camera_doc(camera_id, "focus"))
    except ObjectMissing:
        return None
    date = doc.get("date") if isinstance(doc, dict) else None
    return date if isinstance(date, str) else None
