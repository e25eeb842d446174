"""Days of clips for the checks: records at chosen times (and mtimes) carrying real probed facts, and running them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from libs.common.adapters.media.clip_facts import CLIP_FACTS_VERSION, ClipFacts
from libs.common.contracts.api.checks import ChecksAnswer, Tolerances
from libs.common.contracts.records import ClipRecord
from libs.common.domain.checks.expected import ExpectedOverrides
from libs.common.domain.checks.runner import CheckSetup, DayClips, run_checks
from libs.common.domain.checks.timeline_checks import DayWindow
from libs.common.domain.schedule import WEEKDAYS, WeeklySchedule

DAY = "2026-11-20"
DAY_START = datetime(2026, 11, 20)
UTC_ZONE = ZoneInfo("UTC")


def every_day(modes: list[str]) -> WeeklySchedule:
    """The same 48 half-hour modes every weekday."""
    return WeeklySchedule.model_validate({"days": {name: modes for name in WEEKDAYS}})


CONTINUOUS = every_day(["continuous"] * 48)


@dataclass(frozen=True)
class Slot:
    """One clip to place: its facts, when its name says it starts, and how far its mtime is off."""

    facts: ClipFacts | None
    start: datetime
    mtime_off_s: float = 0.0
    status: str = "ok"


def record(slot: Slot, index: int) -> ClipRecord:
    """A stored clip record as the collector writes it (mtime = start + duration, plus any offset)."""
    duration = slot.facts.duration_s if slot.facts else 0.0
    closed = slot.start.replace(tzinfo=UTC) + timedelta(seconds=duration + slot.mtime_off_s)
    name = f"{slot.start:%Y%m%d-%H%M%S}"
    return ClipRecord(clip_id=f"CAM01.{DAY}.{index:024x}", path=f"{DAY}/{slot.start:%H}/{name}.mp4",
                      start=slot.start, size_bytes=1000 + index, mtime=int(closed.timestamp()),
                      status=slot.status if slot.facts else "incomplete",  # type: ignore[arg-type]
                      error=None if slot.facts else "no moov box: cut off", facts=slot.facts,
                      facts_version=CLIP_FACTS_VERSION)


def back_to_back(facts: list[ClipFacts], start: datetime = DAY_START + timedelta(hours=2)) -> list[Slot]:
    """Clips one after the other, each starting where the previous one ended."""
    slots, cursor = [], start
    for clip in facts:
        slots.append(Slot(clip, cursor))
        cursor += timedelta(seconds=clip.duration_s)
    return slots


def judge(slots: list[Slot], schedule: WeeklySchedule | None = CONTINUOUS, zone: ZoneInfo = UTC_ZONE,
          window: tuple[datetime, datetime] | None = None, request: ExpectedOverrides | None = None,
          tolerances: Tolerances | None = None, camera: ExpectedOverrides | None = None,
          carried_until: datetime | None = None) -> ChecksAnswer:
    """Run every check over one day of the slots; the window defaults to first start .. last end; carried_until is
    where the previous day's recording ends."""
    records = [record(slot, index) for index, slot in enumerate(slots)]
    if window is None:
        ends = [slot.start + timedelta(seconds=slot.facts.duration_s if slot.facts else 0) for slot in slots]
        window = (min(slot.start for slot in slots), max(ends))
    setup = CheckSetup(schedule=schedule, zone=zone, camera=camera or ExpectedOverrides(),
                       request=request or ExpectedOverrides(), tolerances=tolerances or Tolerances())
    day = DayClips(DayWindow(DAY, *window, carried_until=carried_until), records)
    return run_checks("CAM01", DAY, DAY, [day], setup)


def shifted(slot: Slot, seconds: float) -> Slot:
    """The same slot starting `seconds` later (earlier when negative)."""
    return replace(slot, start=slot.start + timedelta(seconds=seconds))
