"""The card state document the collector stores per camera and the checks read."""

from __future__ import annotations

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.card_health import CardHealthRecord


async def load_card_health(store: ObjectStore, camera_id: str) -> CardHealthRecord | None:
    """The card state of the camera's last scan, or None if no scan read it."""
    try:
        return CardHealthRecord.model_validate(await get_json(store, keys.camera_doc(camera_id, "card_health")))
    except ObjectMissing:
        return None
