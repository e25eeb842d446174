"""Reading the camera's recording schedule during a scan; a schedule we cannot read is a warning, not a failure."""

from __future__ import annotations

import structlog

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.store.port import ObjectStore, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import utc_now
from libs.common.domain.schedule import ScheduleError, parse_schedule
from services.collector.camera_port import CardSession

log = structlog.get_logger(__name__)


async def store_schedule(store: ObjectStore, session: CardSession, target: CameraTarget) -> str | None:
    """Read target.config_ini, parse its [Recording] section, store it; the warning text if that failed."""
    if not target.config_ini:
        return "no config ini path is set for this camera (CONFIG_INI or config_ini=): coverage has no schedule"
    try:
        schedule = parse_schedule(await session.read_text(target.config_ini))
    except (CameraError, ScheduleError) as exc:
        warning = f"recording schedule not read from {target.config_ini}: {exc}"
        log.warning("schedule not read", camera_id=target.camera_id, reason=str(exc))
        return warning
    document = {"config_ini": target.config_ini, "timezone": target.timezone, "read": utc_now().isoformat(),
                **schedule.model_dump()}
    await put_json(store, keys.camera_doc(target.camera_id, "schedule"), document)
    return None
