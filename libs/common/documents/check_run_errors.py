"""Why a check run cannot be loaded: nothing recorded in the days asked for, or a day the camera has not reached."""

from __future__ import annotations


class CheckRunRefused(Exception):
    """The days asked for cannot be judged; the message says why and what to do."""


class NoRecordings(CheckRunRefused, LookupError):
    """The camera has no recordings known at all, or none in the days asked for."""

    @classmethod
    def never_scanned(cls, camera_id: str) -> NoRecordings:
        """No day of the camera is known: it was never scanned."""
        return cls(f"no recordings known for camera {camera_id}: scan it first")


class DayNotRecordedYet(CheckRunRefused, ValueError):
    """A day asked for is after the camera's own clock: it cannot have been recorded yet."""
