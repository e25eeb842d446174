"""The camera's [Recording] section: every character's two half hours, and lines we refuse with a reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from libs.camera_simulator.schedule_ini import hour_character, weekly_schedule, write_config_ini
from libs.common.domain.schedule import WEEKDAYS, ScheduleError, decode_hour, parse_schedule

VALID = {
    "0": ("off", "off"), "1": ("off", "boost"), "2": ("off", "continuous"),
    "4": ("boost", "off"), "5": ("boost", "boost"), "6": ("boost", "continuous"),
    "8": ("continuous", "off"), "9": ("continuous", "boost"), "A": ("continuous", "continuous"),
    "a": ("continuous", "continuous"),
}


def config(**days: str) -> str:
    """A config ini whose [Recording] section has every weekday 'all off' unless given."""
    lines = ["[General]", "model=DomePlus", "[Recording]"]
    lines += [f"{day}={days.get(day, '0' * 24)}" for day in WEEKDAYS]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("character", "halves"), VALID.items())
def test_each_character_holds_the_modes_of_two_half_hours(character: str, halves: tuple[str, str]) -> None:
    assert decode_hour(character) == halves


@pytest.mark.parametrize("character", ["3", "7", "B", "x", "-", " ", ""])
def test_characters_outside_the_encoding_are_refused(character: str) -> None:
    with pytest.raises(ScheduleError, match="not one of"):
        decode_hour(character)


def test_the_simulated_cameras_schedule_reads_back_as_written(tmp_path: Path) -> None:
    schedule = parse_schedule(write_config_ini(tmp_path / "camera.ini").read_text())
    for day, hours in weekly_schedule().items():
        expected = [mode for character in hours for mode in decode_hour(character)]
        assert schedule.days[day] == expected
    assert schedule.days["sunday"] == ["continuous"] * 48
    assert hour_character(2, 1) == "9"


def test_mode_at_looks_up_the_half_hour_of_a_local_time() -> None:
    schedule = parse_schedule(config(friday="0" * 6 + "2" + "A" * 17))
    friday = datetime(2026, 11, 20)
    assert schedule.mode_at(friday.replace(hour=6, minute=29)) == "off"
    assert schedule.mode_at(friday.replace(hour=6, minute=30)) == "continuous"
    assert schedule.mode_at(friday.replace(hour=23, minute=59)) == "continuous"
    assert schedule.mode_at(datetime(2026, 11, 21, 12)) == "off"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (config(monday="0" * 23), r"monday= must have 24 characters.*got 23"),
        (config(tuesday="0" * 25), r"tuesday= must have 24 characters"),
        (config(wednesday="0" * 10 + "7" + "0" * 13), r"wednesday= hour 10: .*'7'"),
        ("[General]\nmodel=Bullet\n", "no \\[Recording\\] section"),
        ("[Recording]\nmonday=" + "0" * 24 + "\n", "lacks tuesday=, wednesday="),
        ("monday=000\n", "not a readable ini file"),
    ],
)
def test_malformed_schedules_are_refused_with_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(text)


def test_values_may_carry_spaces_and_sections_may_hold_other_keys() -> None:
    text = config(monday=" " + "A" * 24 + " ").replace("[Recording]", "[Recording]\nenabled=1")
    assert parse_schedule(text).days["monday"] == ["continuous"] * 48
