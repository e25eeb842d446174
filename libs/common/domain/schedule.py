"""The camera's weekly recording schedule: parsing its [Recording] section and looking up a half hour."""

from __future__ import annotations

import configparser
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

RecordingMode = Literal["off", "boost", "continuous"]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MODES: tuple[RecordingMode, ...] = ("off", "boost", "continuous")
HALF_HOURS_PER_DAY = 48


class ScheduleError(ValueError):
    """The camera's config has no usable [Recording] schedule; the message names the line and the fix."""


class WeeklySchedule(BaseModel):
    """48 half-hour modes per weekday, in the camera's local time."""

    days: dict[str, list[RecordingMode]]

    def mode_at(self, local: datetime) -> RecordingMode:
        """The scheduled mode of the half hour holding this local wall-clock time."""
        return self.days[WEEKDAYS[local.weekday()]][local.hour * 2 + local.minute // 30]


def decode_hour(character: str) -> tuple[RecordingMode, RecordingMode]:
    """One schedule character (0-9 or A = 10) as the modes of its two half hours: value//4, value%4."""
    value = "0123456789A".find(character.upper()) if len(character) == 1 else -1
    first, second = divmod(value, 4)
    if value < 0 or first > 2 or second > 2:
        raise ScheduleError(f"schedule character {character!r} is not one of 0,1,2,4,5,6,8,9,A")
    return MODES[first], MODES[second]


def parse_day(name: str, hours: str) -> list[RecordingMode]:
    """A weekday's 24-character value as 48 half-hour modes."""
    hours = hours.strip()
    if len(hours) != 24:
        raise ScheduleError(f"[Recording] {name}= must have 24 characters (one per hour), got {len(hours)}")
    modes: list[RecordingMode] = []
    for hour, character in enumerate(hours):
        try:
            modes.extend(decode_hour(character))
        except ScheduleError as exc:
            raise ScheduleError(f"[Recording] {name}= hour {hour:02d}: {exc}") from exc
    return modes


def parse_schedule(config_text: str) -> WeeklySchedule:
    """The [Recording] section of a camera config ini: every weekday must be there and well formed."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(config_text)
    except configparser.Error as exc:
        raise ScheduleError(f"camera config is not a readable ini file: {exc}") from exc
    if not parser.has_section("Recording"):
        raise ScheduleError("camera config has no [Recording] section")
    section = parser["Recording"]
    missing = [day for day in WEEKDAYS if day not in section]
    if missing:
        raise ScheduleError(f"[Recording] lacks {', '.join(f'{day}=' for day in missing)}")
    return WeeklySchedule(days={day: parse_day(day, section[day]) for day in WEEKDAYS})
