"""What coverage, aggregates and the checks need besides the day's clips: the stored schedule and the camera's zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.domain.schedule import WeeklySchedule
from libs.common.domain.time_zones import camera_zone


async def stored_schedule(store: ObjectStore, camera_id: str) -> WeeklySchedule | None:
    """The schedule the last scan read from the camera, or None if none could be read yet."""
    try:
        return WeeklySchedule.model_validate(await get_json(store, keys.camera_doc(camera_id, "schedule")))
    except ObjectMissing:
        return None


def schedule_zone(registry: CameraRegistry, camera_id: str) -> ZoneInfo:
    """The camera's configured time zone (registry entry or SDB_CAMERA_TIMEZONE; UTC by default)."""
    return camera_zone(registry.resolve(camera_id).timezone)
