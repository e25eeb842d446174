"""What a camera's fleet row derives from its stored days: today's checks and recording so far, the verdict strip
and the retention estimate. Kept per camera and computed again only when the day index or the card's last
reading (every scan stores one, as it stores a clock reading) changed, so a page or scrape of 200 cameras reads
four small documents each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date as date_type
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.cameras import RecordingDay
from libs.common.contracts.api.checks import CheckQuery, Verdict
from libs.common.contracts.api.fleet import DayMark, IssueCount
from libs.common.contracts.camera_clock import ClockReading
from libs.common.contracts.records import DayRecord, StorageRecord
from libs.common.documents.camera_clock import load_clock_history
from libs.common.documents.check_run import load_check_run
from libs.common.documents.schedule_lookup import schedule_zone, stored_schedule
from libs.common.domain.checks.runner import run_checks
from libs.common.domain.recording_so_far import RecordingSoFar, naive_utc, recording_so_far
from libs.common.domain.retention import retention_estimate
from services.gateway.check_verdicts import day_verdicts
from services.gateway.state import GatewayState


@dataclass(frozen=True)
class TodayChecks:
    """Today's verdict and its issues counted per check and per (check, severity)."""

    verdict: Verdict
    by_check: dict[str, int]
    counts: list[IssueCount]


@dataclass(frozen=True)
class CameraFigures:
    """A row's derived parts; None where there is nothing to judge (no clips today, card not read today) or no
    reading (the camera's clock: offset and uptime at the last scan that read it)."""

    checks: TodayChecks | None
    recording: RecordingSoFar | None
    strip: list[DayMark]
    retention_days: float | None
    clock: ClockReading | None


# per store (one per system), per camera: the signature of the inputs and the figures
_MEMOS: WeakKeyDictionary[object, dict[str, tuple[str, CameraFigures]]] = WeakKeyDictionary()


async def _today_checks(state: GatewayState, camera_id: str, today: str) -> TodayChecks:
    """Today's checks, judged alone with default tolerances (as the calendar's verdicts are)."""
    run = await load_check_run(state, camera_id, (today, today), CheckQuery())
    answer = run_checks(camera_id, today, today, run.days, run.setup)
    counted = Counter((issue.check, issue.severity) for issue in answer.issues)
    return TodayChecks(verdict=answer.days[0].verdict, by_check=dict(answer.days[0].by_check),
                       counts=[IssueCount(check=check, severity=severity, count=count)
                               for (check, severity), count in sorted(counted.items())])


async def _recording_today(state: GatewayState, camera_id: str, today: str, in_index: bool,
                           measured: datetime | None) -> RecordingSoFar | None:
    """Today's due, recorded and gap seconds up to the card's last listing; None unless the card was read today."""
    if measured is None or naive_utc(measured).date().isoformat() < today:
        return None
    if in_index:
        day = DayRecord.model_validate_json(await state.store.get(keys.day_doc(camera_id, today)))
    else:
        day = DayRecord(camera_id=camera_id, date=today, scan_id="", clips=[])
    until = min(naive_utc(measured), datetime.fromisoformat(today) + timedelta(days=1))
    return recording_so_far(day, await stored_schedule(state.store, camera_id),
                            schedule_zone(state.registry, camera_id), until)


async def _strip(state: GatewayState, camera_id: str, today: str, span_days: int,
                 index: dict[str, RecordingDay]) -> list[DayMark]:
    """The verdicts of the span's days, oldest first (null for a day the card holds no clip of)."""
    verdicts = {verdict.date: verdict.verdict for verdict in await day_verdicts(state, camera_id)} if index else {}
    last = date_type.fromisoformat(today)
    dates = [(last - timedelta(days=back)).isoformat() for back in range(span_days - 1, -1, -1)]
    return [DayMark(date=date, verdict=verdicts.get(date)) for date in dates]


async def camera_figures(state: GatewayState, camera_id: str, today: str, span_days: int,
                         index: dict[str, RecordingDay], storage: StorageRecord | None) -> CameraFigures:
    """The figures from the memo while the day index and the card's last reading are those it was made from."""
    memo = _MEMOS.setdefault(state.store, {})
    signature = "|".join((today, str(span_days), storage.model_dump_json() if storage else "",
                          repr(state.registry.resolve(camera_id).expected),
                          *(row.model_dump_json() for row in index.values())))
    kept = memo.get(camera_id)
    if kept is not None and kept[0] == signature:
        return kept[1]
    measured = storage.measured if storage is not None else None
    retention = None
    if storage is not None:
        schedule = await stored_schedule(state.store, camera_id)
        retention = retention_estimate(storage.total_bytes, list(index.values()), schedule).retention_days
    figures = CameraFigures(
        checks=await _today_checks(state, camera_id, today) if today in index else None,
        recording=await _recording_today(state, camera_id, today, today in index, measured),
        strip=await _strip(state, camera_id, today, span_days, index), retention_days=retention,
        clock=next(reversed((await load_clock_history(state.store, camera_id)).readings), None))
    memo[camera_id] = (signature, figures)
    return figures
