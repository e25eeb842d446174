"""Checks of command-line values that the API would refuse anyway, made before any request (usage errors, exit 2)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from libs.common.domain.calendar_dates import checked_day
from libs.common.domain.camera_ids import InvalidCameraId, normalize_camera_id


def camera_id(value: str) -> str:
    """The canonical camera id."""
    try:
        return normalize_camera_id(value)
    except InvalidCameraId as exc:
        raise typer.BadParameter(str(exc)) from exc


def day(value: str | None) -> str | None:
    """A YYYY-MM-DD calendar date (None passes)."""
    if value is None:
        return None
    try:
        return checked_day(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def days(values: list[str] | None) -> list[str] | None:
    """Each of the repeated --date values."""
    return None if not values else [checked for checked in map(day, values) if checked is not None]


def instant(value: str) -> str:
    """An ISO 8601 date or time such as 2026-11-20T02:15:00Z (the server judges the range)."""
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO 8601 time such as 2026-11-20T02:15:00Z: {value!r}") from exc
    return value


CameraArg = Annotated[str, typer.Argument(metavar="ID", help="Camera id (any case).", callback=camera_id,
                                          show_default=False)]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout (shapes in docs/cli.md).")]
