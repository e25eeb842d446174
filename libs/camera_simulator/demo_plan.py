"""What the demo camera recorded: a schedule, a clean continuous hour today, and yesterday's hour with defects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from libs.camera_simulator.schedule_ini import BOOST, CONTINUOUS, OFF, WEEKDAYS, hour_character

HOUR = timedelta(hours=1)
EVENT_MINUTES = (7, 23, 41)  # event clips in each boost hour
SHORT_FRACTION = 0.75
OVERLAP_S = 20.0
MTIME_OFF_S = 95.0
GAP_CLIPS = 5
REBOOT_S = 60.0
DEFECTS = {5: "short", 12: "dropped", 18: "long_gop", 24: "mtime", 30: "overlap", 36: "wide", 37: "wide",
           38: "wide", 45: "gap", 52: "cut"}  # clip number in the hour -> what goes wrong there


@dataclass(frozen=True)
class DemoClip:
    """One clip file: when its name says it starts, which template it copies, how its mtime and bytes are off."""

    start: datetime
    template: str
    seconds: float
    mtime_off_s: float = 0.0
    cut: bool = False


@dataclass(frozen=True)
class DemoPlan:
    """The demo card: its clips in time order and its weekly schedule (hour characters per weekday)."""

    clips: list[DemoClip]
    schedule: dict[str, str]
    continuous_hour: int


def _schedule(continuous_hour: int) -> dict[str, str]:
    """Every day: continuous for one hour, boost (event recording) the two hours before, off otherwise."""
    boost = {(continuous_hour - 1) % 24, (continuous_hour - 2) % 24}
    hours = "".join(hour_character(CONTINUOUS, CONTINUOUS) if hour == continuous_hour
                    else hour_character(BOOST, BOOST) if hour in boost else hour_character(OFF, OFF)
                    for hour in range(24))
    return {day: hours for day in WEEKDAYS}


def _clean_hour(start: datetime, clip_s: float) -> list[DemoClip]:
    """Back-to-back clean clips filling the hour."""
    count = round(HOUR.total_seconds() / clip_s)
    return [DemoClip(start + timedelta(seconds=index * clip_s), "clean", clip_s) for index in range(count)]


def _defect_hour(start: datetime, clip_s: float) -> list[DemoClip]:
    """The hour as a troubled camera records it: each defect of DEFECTS once, clean clips in between."""
    clips: list[DemoClip] = []
    cursor, number = start, 0
    while cursor < start + HOUR:
        defect, number = DEFECTS.get(number), number + 1
        if defect == "gap":
            cursor += timedelta(seconds=GAP_CLIPS * clip_s)
            continue
        if defect == "overlap":
            cursor -= timedelta(seconds=OVERLAP_S)  # the camera's clock was set back
        seconds = clip_s * SHORT_FRACTION if defect == "short" else clip_s
        template = defect if defect in ("short", "dropped", "long_gop", "wide") else "clean"
        clips.append(DemoClip(cursor, template, seconds, MTIME_OFF_S if defect == "mtime" else 0.0, defect == "cut"))
        cursor += timedelta(seconds=seconds + (REBOOT_S if defect == "cut" else 0.0))
    return clips


def _events(hour_start: datetime, clip_s: float) -> list[DemoClip]:
    """A few event clips in a boost hour."""
    return [DemoClip(hour_start + timedelta(minutes=minute), "clean", clip_s) for minute in EVENT_MINUTES]


def demo_plan(now: datetime, clip_s: float = 60.0) -> DemoPlan:
    """The last full hour before `now` recorded clean, the same hour a day earlier with defects; events before."""
    end = now.replace(minute=0, second=0, microsecond=0)
    clean, troubled = end - HOUR, end - 25 * HOUR
    clips = [*_events(troubled - 2 * HOUR, clip_s), *_events(troubled - HOUR, clip_s),
             *_defect_hour(troubled, clip_s),
             *_events(clean - 2 * HOUR, clip_s), *_events(clean - HOUR, clip_s), *_clean_hour(clean, clip_s)]
    return DemoPlan(clips=clips, schedule=_schedule(clean.hour), continuous_hour=clean.hour)
