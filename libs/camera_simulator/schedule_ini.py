"""The simulated camera's config ini with a weekly [Recording] schedule (DESIGN.md explains the encoding)."""

from __future__ import annotations

from pathlib import Path

OFF, BOOST, CONTINUOUS = 0, 1, 2
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def hour_character(first_half: int, second_half: int) -> str:
    """One schedule character: value = first*4 + second, written 0-9 or 'A' for 10."""
    return "0123456789A"[first_half * 4 + second_half]


def _workday() -> str:
    """Off at night, continuous by day, boost in the evening, mixed half hours at the edges."""
    return (
        hour_character(OFF, OFF) * 6
        + hour_character(OFF, CONTINUOUS)
        + hour_character(CONTINUOUS, CONTINUOUS) * 12
        + hour_character(CONTINUOUS, BOOST)
        + hour_character(BOOST, BOOST) * 3
        + hour_character(BOOST, OFF)
    )


def weekly_schedule() -> dict[str, str]:
    """24 characters per weekday: workdays mixed, Saturday boost only, Sunday continuous all day."""
    schedule = {day: _workday() for day in WEEKDAYS[:5]}
    schedule["saturday"] = hour_character(BOOST, BOOST) * 24
    schedule["sunday"] = hour_character(CONTINUOUS, CONTINUOUS) * 24
    return schedule


def write_config_ini(path: Path, *, model: str = "DomePlus", schedule: dict[str, str] | None = None) -> Path:
    """Write the camera config ini (a few realistic sections plus [Recording]: `schedule`, by default
    weekly_schedule()) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["[General]", f"model={model}", "firmware=3.2.1-sim", "", "[Recording]"]
    lines += [f"{day}={hours}" for day, hours in (schedule or weekly_schedule()).items()]
    lines += ["", "[Network]", "dhcp=1", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
