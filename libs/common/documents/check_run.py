"""Everything a checks request judges, loaded from stored documents only: days, windows, schedule, card, overrides."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date as date_type
from datetime import datetime, timedelta
from typing import Protocol

from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.cameras import RecordingDay
from libs.common.contracts.api.checks import CheckQuery, Tolerances
from libs.common.contracts.records import DayRecord, StorageRecord, utc_now
from libs.common.contracts.settings import Settings
from libs.common.documents.camera_clock import load_clock_history
from libs.common.documents.card_health import load_card_health
from libs.common.documents.check_run_errors import DayNotRecordedYet, NoRecordings
from libs.common.documents.day_index import read_day_index
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.documents.schedule_lookup import schedule_zone, stored_schedule
from libs.common.domain.checks.card_check import CardInputs
from libs.common.domain.checks.expected import ExpectedOverrides
from libs.common.domain.checks.runner import CheckSetup, DayClips
from libs.common.domain.checks.timeline_checks import DayWindow
from libs.common.domain.recording_clip import judged_until
from libs.common.domain.retention import retention_estimate

ONE_DAY = timedelta(days=1)


class CheckSources(Protocol):
    """Where a check run's inputs come from: a service's store, camera registry and settings."""

    @property
    def store(self) -> ObjectStore:
        """The object store holding the scans' documents."""

    @property
    def registry(self) -> CameraRegistry:
        """The cameras' expected values, tolerances and time zones."""

    @property
    def settings(self) -> Settings:
        """The settings (the card check's minimum retention)."""


@dataclass(frozen=True)
class CheckRun:
    """The days to judge and how."""

    first: str
    last: str
    days: list[DayClips]
    setup: CheckSetup


def _naive(moment: datetime | str | None) -> datetime | None:
    """A stored time as naive UTC (clip starts are naive UTC)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=None) - (moment.utcoffset() or timedelta()) if moment is not None else None


async def _storage(store: ObjectStore, camera_id: str) -> StorageRecord | None:
    """The latest scan's storage figures, if any."""
    try:
        return StorageRecord.model_validate(await get_json(store, keys.camera_doc(camera_id, "storage")))
    except ObjectMissing:
        return None


async def _listed_at(store: ObjectStore, day: DayRecord | None) -> datetime | None:
    """When the scan that wrote the day listed the card (its start): later recordings were not seen yet."""
    if day is None:
        return None
    try:
        return _naive((await load_scan(store, day.scan_id)).started)
    except ObjectMissing:
        return None


async def _day(store: ObjectStore, camera_id: str, date: str, index: dict[str, RecordingDay],
               oldest: datetime | None, fallback_end: datetime | None) -> DayClips:
    """One day's clips and window: from the card's oldest clip (or 00:00) to where its scan judged it (the clip
    being written, the camera's clock), else its listing time (or 24:00)."""
    record = DayRecord.model_validate_json(await store.get(keys.day_doc(camera_id, date))) if date in index else None
    day_start = datetime.fromisoformat(date)
    listed = ((judged_until(record) if record is not None else None) or await _listed_at(store, record)
              or fallback_end or day_start + ONE_DAY)
    previous = index.get((day_start - ONE_DAY).date().isoformat())
    window = DayWindow(date=date, start=max(day_start, oldest or day_start),
                       end=max(day_start, min(day_start + ONE_DAY, listed)),
                       carried_until=_naive(previous.span_end if previous else None))
    return DayClips(window, record.clips if record is not None else [], record.scan_id if record else None)


def _overrides(query: CheckQuery) -> ExpectedOverrides:
    """The expected values the request sets."""
    return ExpectedOverrides(clip_s=query.expected_clip_s, fps=query.expected_fps, width=query.expected_width,
                             height=query.expected_height, max_keyframe_interval_s=query.max_keyframe_interval_s)


async def load_check_run(sources: CheckSources, camera_id: str, requested: tuple[str, str] | None,
                         query: CheckQuery) -> CheckRun:
    """The day folders of requested (first, last; None: the newest) the card shows and the setup; NoRecordings
    when it shows none, DayNotRecordedYet for a last day after the camera's clock."""
    store = sources.store
    index = await read_day_index(store, camera_id)
    if not index:
        raise NoRecordings.never_scanned(camera_id)
    known = sorted(index)
    first, last = requested or (known[-1], known[-1])
    clock = await load_clock_history(store, camera_id)
    if clock.readings:
        latest = clock.readings[-1]
        camera_now = latest.camera_time + (utc_now() - latest.measured)
        if last > camera_now.date().isoformat():
            raise DayNotRecordedYet(f"{last} is after the camera's clock ({camera_now:%Y-%m-%d %H:%M} UTC by its "
                                    f"last scan's reading): that day cannot have been recorded yet")
    wanted = [(date_type.fromisoformat(first) + timedelta(days=n)).isoformat()
              for n in range((date_type.fromisoformat(last) - date_type.fromisoformat(first)).days + 1)]
    shown = [date for date in wanted if known[0] <= date <= known[-1]]
    if not shown:
        raise NoRecordings(f"no recordings of camera {camera_id} from {first} to {last} "
                           f"(the card holds {known[0]} to {known[-1]})")
    storage, schedule, health = await asyncio.gather(_storage(store, camera_id), stored_schedule(store, camera_id),
                                                     load_card_health(store, camera_id))
    oldest = _naive(index[known[0]].first)
    measured = _naive(storage.measured) if storage is not None else None
    days = list(await asyncio.gather(*(_day(store, camera_id, date, index, oldest, measured) for date in shown)))
    card = None
    if shown[-1] == known[-1]:
        retention = retention_estimate(storage.total_bytes, list(index.values()), schedule) if storage else None
        card = CardInputs(health=health, retention_days=retention.retention_days if retention else None,
                          retention_basis=retention.retention_basis if retention else None, date=shown[-1],
                          observed=measured or datetime.fromisoformat(shown[-1]))
    target = sources.registry.resolve(camera_id)
    tolerances = Tolerances.model_validate({**dict(target.tolerances), **query.model_dump(
        include=set(Tolerances.model_fields) & query.model_fields_set)})
    if "min_retention_days" not in query.model_fields_set:
        tolerances.min_retention_days = sources.settings.retention_min_days
    setup = CheckSetup(schedule=schedule, zone=schedule_zone(sources.registry, camera_id), camera=target.expected,
                       request=_overrides(query), tolerances=tolerances, card=card, clock_readings=clock.readings)
    return CheckRun(first, last, days, setup)
