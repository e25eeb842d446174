"""Judging a watch's window from stored facts: its issues, recorded and scheduled seconds, the card's figures.

Used by the collector at each tick and by the gateway for the soak report: the checks (`check_run.load_check_run`,
`run_checks`) run over the days of the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.checks import CheckIssue, CheckQuery, ChecksAnswer
from libs.common.contracts.watches import WatchRecord
from libs.common.documents.check_run import CheckSources, load_check_run
from libs.common.documents.check_run_errors import CheckRunRefused
from libs.common.domain.checks.runner import DayClips, run_checks
from libs.common.domain.watch_slo import recorded_spans, scheduled_and_recorded

LIVE_EDGE_CLIPS = 1.5  # a gap still open at the listing time and shorter than this many clips is the clip being made
DEFAULT_CLIP_S = 60.0


@dataclass(frozen=True)
class Judgement:
    """What a watch's window shows so far (naive UTC times inside the checks, aware ones here)."""

    issues: list[CheckIssue]
    scheduled_s: float
    recorded_s: float
    free_bytes: int | None
    retention_days: float | None
    clock: dict[str, float | None]
    boots: list[datetime]


def _naive(moment: datetime) -> datetime:
    """An aware time as naive UTC (the checks' clock)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _live_edge(found: CheckIssue, days: list[DayClips], clip_s: float, tolerance_s: float) -> bool:
    """A gap that runs to its day's listing time and is shorter than the clip the camera is still making."""
    if found.check != "gap":
        return False
    ends = [day.window.end for day in days if day.window.date == found.date]
    seconds = (found.end - found.start).total_seconds()
    return bool(ends) and _naive(found.end) >= ends[0] - timedelta(seconds=1) \
        and seconds < clip_s * LIVE_EDGE_CLIPS + tolerance_s


async def _free_bytes(store: ObjectStore, camera_id: str) -> int | None:
    """The card's free bytes as the last scan measured them."""
    try:
        storage = await get_json(store, keys.camera_doc(camera_id, "storage"))
    except ObjectMissing:
        return None
    value = storage.get("free_bytes") if isinstance(storage, dict) else None
    return value if isinstance(value, int) else None


async def judge_window(sources: CheckSources, watch: WatchRecord, end: datetime) -> Judgement | None:
    """The watch's window from its start to end, judged with default tolerances; None before any recording."""
    first, last = watch.started.astimezone(UTC).date(), end.astimezone(UTC).date()
    try:
        run = await load_check_run(sources, watch.camera_id, (first.isoformat(), max(first, last).isoformat()),
                                   CheckQuery())
    except CheckRunRefused:
        return None
    answer = run_checks(watch.camera_id, run.first, run.last, run.days, run.setup)
    clip_s = answer.expected.clip_s or DEFAULT_CLIP_S
    tolerance = answer.tolerances.gap_tolerance_s
    issues = [found for found in answer.issues
              if _naive(found.end) >= _naive(watch.started) and not _live_edge(found, run.days, clip_s, tolerance)]
    spans = recorded_spans([clip for day in run.days for clip in day.clips])
    listed = max((day.window.end for day in run.days), default=_naive(end))
    scheduled, recorded = scheduled_and_recorded(spans, _naive(watch.started), min(_naive(end), listed),
                                                 run.setup.schedule, run.setup.zone)
    return Judgement(issues=issues, scheduled_s=scheduled, recorded_s=recorded,
                     free_bytes=await _free_bytes(sources.store, watch.camera_id),
                     retention_days=answer.card.retention_days if answer.card is not None else None,
                     clock=_clock(answer), boots=_boots(answer, watch.started, end))


def _clock(answer: ChecksAnswer) -> dict[str, float | None]:
    """The camera clock over the judged days: the last offset, the largest one, the last drift (None unknown)."""
    states = [day.camera for day in answer.days if day.camera is not None]
    offsets = [state.clock_offset_s for state in states if state.clock_offset_s is not None]
    drifts = [state.drift_ppm for state in states if state.drift_ppm is not None]
    return {"offset_s": offsets[-1] if offsets else None,
            "max_abs_offset_s": max((abs(offset) for offset in offsets), default=None),
            "drift_ppm": drifts[-1] if drifts else None}


def _boots(answer: ChecksAnswer, start: datetime, end: datetime) -> list[datetime]:
    """The camera's boots the scans saw inside [start, end], in time order."""
    found = {boot if boot.tzinfo else boot.replace(tzinfo=UTC)
             for day in answer.days if day.camera is not None for boot in day.camera.boots}
    return sorted(boot for boot in found if start <= boot <= end)
