"""Durations on the command line: '90' or '90s', '5m', '72h', '2d' (one number and one unit)."""

from __future__ import annotations

import re

import typer

_DURATION = re.compile(r"([0-9]{1,9}(?:\.[0-9]{1,6})?)([smhd]?)")
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds_of(value: str) -> float:
    """The duration in seconds, or BadParameter (exit 2) for anything else, zero included."""
    match = _DURATION.fullmatch(value.strip().lower())
    if match is None or float(match[1]) <= 0:
        raise typer.BadParameter(f"a duration such as 30s, 5m, 72h or 2d, got {value[:40]!r}")
    return float(match[1]) * _UNIT_S[match[2]]


def duration_option(value: str | None) -> float | None:
    """The callback of an optional duration option."""
    return None if value is None else seconds_of(value)
