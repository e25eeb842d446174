"""The time range of an export: two ISO 8601 instants (UTC unless they carry an offset), at most 24 hours apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.gateway.export.errors import ExportRefused

MAX_RANGE = timedelta(hours=24)
EARLIEST, LATEST = datetime(1, 1, 2), datetime(9999, 12, 30)  # a day of room either side for day arithmetic
_INSTANT_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?",
    re.ASCII,
)


@dataclass(frozen=True)
class ExportRange:
    """[start, end) in naive UTC, as clip start times are stored."""

    start: datetime
    end: datetime

    def overlap_s(self, first: datetime, last: datetime) -> float:
        """Seconds of [first, last) inside the range."""
        return max((min(last, self.end) - max(first, self.start)).total_seconds(), 0.0)

    def label(self) -> str:
        """The range for file names: 20261120T021500Z-20261120T023000Z."""
        return f"{self.start:%Y%m%dT%H%M%S}Z-{self.end:%Y%m%dT%H%M%S}Z"


def parse_instant(name: str, value: str) -> datetime:
    """An ISO 8601 date or date and time as naive UTC; ExportRefused(422) for anything else."""
    if not _INSTANT_RE.fullmatch(value):
        raise ExportRefused(422, f"{name} must be an ISO 8601 time such as 2026-11-20T02:15:00Z, got {value[:40]!r}")
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError) as error:
        raise ExportRefused(422, f"{name} is not a real time: {value!r} ({error})") from error
    if not EARLIEST <= moment <= LATEST:
        raise ExportRefused(422, f"{name} {value!r} is out of range: between {EARLIEST:%Y-%m-%d} and "
                                 f"{LATEST:%Y-%m-%d} UTC")
    return moment


def parse_range(start: str, end: str) -> ExportRange:
    """The range between start and end; ExportRefused(422) when end is not after start or it spans over 24 h."""
    export_range = ExportRange(parse_instant("start", start), parse_instant("end", end))
    if export_range.end <= export_range.start:
        raise ExportRefused(422, f"end ({end}) must be after start ({start})")
    if export_range.end - export_range.start > MAX_RANGE:
        hours = (export_range.end - export_range.start).total_seconds() / 3600
        raise ExportRefused(422, f"the range spans {hours:.2f} h; an export covers at most 24 h")
    return export_range
