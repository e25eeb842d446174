"""Building issues: one constructor for every check, and the wording of lengths and times in details."""

from __future__ import annotations

from datetime import datetime

from libs.common.contracts.api.checks import CheckIssue, CheckName, Measured, Severity
from libs.common.domain.checks.clip_view import ClipView, utc

DASH = "\u2013"  # the en dash of a time range: 04:00-05:00 as people write it


def issue(check: CheckName, severity: Severity, date: str, start: datetime, end: datetime,
          clips: list[ClipView], detail: str, measured: Measured) -> CheckIssue:
    """An issue over [start, end] (naive UTC) that names the clips it concerns."""
    return CheckIssue(check=check, severity=severity, date=date, start=utc(start), end=utc(max(start, end)),
                      clip_ids=[clip.record.clip_id for clip in clips], paths=[clip.record.path for clip in clips],
                      detail=detail, measured=measured)


def length_text(seconds: float) -> str:
    """A length as people say it: '0.4 s', '45.0 s', '10 min 0 s', '2 h 5 min'."""
    if abs(seconds) < 60:
        return f"{seconds:.1f} s"
    whole = round(abs(seconds))
    hours, rest = divmod(whole, 3600)
    if hours:
        return f"{hours} h {rest // 60} min"
    return f"{rest // 60} min {rest % 60} s"


def clock_text(moment: datetime) -> str:
    """Time of day HH:MM:SS (to the second; tenths when not whole)."""
    text = moment.strftime("%H:%M:%S")
    tenths = round(moment.microsecond / 100_000)
    return f"{text}.{tenths}" if 0 < tenths < 10 else text
