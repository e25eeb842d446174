"""Each day's verdict for the calendar: judged alone with default tolerances, kept until a scan changes its inputs."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from libs.common.adapters.store.port import ObjectMissing, get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.cameras import RecordingDay
from libs.common.contracts.api.checks import CheckQuery, DayVerdict
from libs.common.documents.check_run import load_check_run
from libs.common.documents.check_run_errors import NoRecordings
from libs.common.documents.day_index import read_day_index
from libs.common.domain.checks.runner import run_checks
from services.gateway.state import GatewayState

VERDICTS_DOC = "check_verdicts"
RULES_VERSION = 2  # raised when the rules judge the same clips differently (2: runs merged, expected per profile)


async def _camera_inputs(state: GatewayState, camera_id: str) -> list[Any]:
    """What every day's verdict depends on besides its clips: the camera's expected values and when the last scan
    stored its storage, schedule and card documents."""
    parts: list[Any] = [repr(state.registry.resolve(camera_id).expected)]
    for name in ("storage", "schedule", "card_health"):
        try:
            doc = await get_json(state.store, keys.camera_doc(camera_id, name))
        except ObjectMissing:
            doc = None
        parts.append(doc.get("measured") or doc.get("read") if isinstance(doc, dict) else None)
    return parts


def _signature(camera_inputs: list[Any], row: RecordingDay) -> str:
    """A short digest of a day's index row and the camera's inputs."""
    payload = [RULES_VERSION, camera_inputs, row.model_dump(mode="json")]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:24]


async def day_verdicts(state: GatewayState, camera_id: str) -> list[DayVerdict]:
    """The verdict of every day in the index, computing only those whose inputs changed since last asked."""
    index = await read_day_index(state.store, camera_id)
    if not index:
        raise NoRecordings.never_scanned(camera_id)  # 404 (error_handlers)
    key = keys.camera_doc(camera_id, VERDICTS_DOC)
    try:
        kept: dict[str, Any] = await get_json(state.store, key)
    except ObjectMissing:
        kept = {}
    fresh: dict[str, Any] = {}
    camera_inputs = await _camera_inputs(state, camera_id)
    for date, row in sorted(index.items()):
        signature = _signature(camera_inputs, row)
        entry = kept.get(date)
        if not isinstance(entry, dict) or entry.get("signature") != signature:
            run = await load_check_run(state, camera_id, (date, date), CheckQuery())
            answer = run_checks(camera_id, date, date, run.days, run.setup)
            entry = {"signature": signature, "verdict": answer.days[0].model_dump(mode="json")}
        fresh[date] = entry
    if fresh != kept:
        await put_json(state.store, key, fresh)
    return [DayVerdict.model_validate(entry["verdict"]) for entry in fresh.values()]
