"""What a camera's active watch adds to its fleet row: the window's recording SLO so far and the issues its
latest tick saw (the issue history), kept per watch until the day index or the card's last reading changes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date as date_type
from datetime import timedelta
from weakref import WeakKeyDictionary

from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.cameras import RecordingDay
from libs.common.contracts.api.fleet import IssueCount
from libs.common.contracts.records import DayRecord, StorageRecord
from libs.common.contracts.watches import WatchRecord
from libs.common.documents.issue_history import load_history
from libs.common.documents.schedule_lookup import schedule_zone, stored_schedule
from libs.common.domain.recording_so_far import naive_utc
from libs.common.domain.watch_slo import recorded_spans, scheduled_and_recorded, slo
from services.gateway.state import GatewayState


@dataclass(frozen=True)
class WatchFigures:
    """The window's SLO (None before anything was due) and the open issues per check and severity."""

    slo: float | None
    by_check: dict[str, int]
    counts: list[IssueCount]


_MEMOS: WeakKeyDictionary[object, dict[str, tuple[str, WatchFigures]]] = WeakKeyDictionary()


async def _window_slo(state: GatewayState, watch: WatchRecord, index: dict[str, RecordingDay],
                      storage: StorageRecord | None) -> float | None:
    """Recorded over scheduled seconds from the watch's start to the card's last listing."""
    if storage is None:
        return None
    start, end = naive_utc(watch.started), naive_utc(storage.measured)
    dates = [(start.date() + timedelta(days=n)).isoformat() for n in range((end.date() - start.date()).days + 1)]
    clips = []
    for date in dates:
        if date in index:
            clips += DayRecord.model_validate_json(await state.store.get(keys.day_doc(watch.camera_id, date))).clips
    schedule = await stored_schedule(state.store, watch.camera_id)
    scheduled, recorded = scheduled_and_recorded(recorded_spans(clips), start, end, schedule,
                                                 schedule_zone(state.registry, watch.camera_id))
    return slo(scheduled, recorded)


async def _open_issues(state: GatewayState, camera_id: str) -> tuple[dict[str, int], list[IssueCount]]:
    """The issues the latest judgement of the camera's watch saw, per check and per (check, severity)."""
    history = await load_history(state.store, camera_id)
    if not history:
        return {}, []
    latest = max(entry.last_seen for entry in history.values())
    seen = [entry for entry in history.values() if entry.last_seen == latest]
    counted = Counter((entry.check, entry.severity) for entry in seen)
    return (dict(Counter(entry.check for entry in seen)),
            [IssueCount(check=check, severity=severity, count=count)
             for (check, severity), count in sorted(counted.items())])


async def watch_figures(state: GatewayState, watch: WatchRecord, index: dict[str, RecordingDay],
                        storage: StorageRecord | None) -> WatchFigures:
    """The watch's figures, from the memo while its ticks, the day index and the card's reading are unchanged."""
    memo = _MEMOS.setdefault(state.store, {})
    signature = "|".join((watch.watch_id, str(watch.ticks), storage.model_dump_json() if storage else "",
                          *(row.model_dump_json() for date, row in index.items()
                            if date >= date_type.isoformat(naive_utc(watch.started).date()))))
    kept = memo.get(watch.camera_id)
    if kept is not None and kept[0] == signature:
        return kept[1]
    by_check, counts = await _open_issues(state, watch.camera_id)
    figures = WatchFigures(slo=await _window_slo(state, watch, index, storage), by_check=by_check, counts=counts)
    memo[watch.camera_id] = (signature, figures)
    return figures
