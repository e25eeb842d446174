"""Camera time zones: a zoneinfo name checked once, with a message that says what to set."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class UnknownTimezone(ValueError):
    """A camera time zone that is not an IANA zone name."""


def camera_zone(name: str) -> ZoneInfo:
    """The zone of a camera's schedule, e.g. 'Asia/Taipei'; UnknownTimezone for a bad name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownTimezone(
            f"unknown time zone {name[:60]!r}: set the camera's timezone to an IANA name "
            "such as 'UTC' or 'Europe/Berlin'"
        ) from exc
