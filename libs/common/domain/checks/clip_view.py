"""One clip as the checks see it: start, end, duration, nominal frame rate and timing, computed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from libs.common.adapters.media.clip_facts import ClipTiming, VideoFacts
from libs.common.contracts.records import ClipRecord


@dataclass(frozen=True, slots=True)
class ClipView:
    """A stored clip with the derived values every check uses (times are naive UTC, like ClipRecord.start).

    ok: the clip was read and has a duration; end: start + duration (the start itself without one). A clip being
    written (status recording) is not ok; its timing is that of the fragments written so far, if any.
    """

    record: ClipRecord
    date: str
    start: datetime
    duration_s: float | None
    end: datetime
    ok: bool
    video: VideoFacts | None
    timing: ClipTiming | None
    fps: float | None

    def at(self, seconds: float) -> datetime:
        """The moment `seconds` into the clip."""
        return self.start + timedelta(seconds=seconds)


def nominal_fps(video: VideoFacts | None, timing: ClipTiming | None) -> float | None:
    """Frames per second from the median frame step (dropped frames do not lower it), else the stored rates."""
    if timing is not None and timing.frame_step_s > 0:
        return round(1 / timing.frame_step_s, 3)
    if video is None:
        return None
    return video.fps_nominal or video.fps


def view_of(record: ClipRecord, date: str) -> ClipView:
    """The check view of one stored clip of the day folder `date`."""
    facts = record.facts if record.status == "ok" else None
    video = facts.video if facts is not None else None
    timing = facts.timing if facts is not None else record.facts.timing if record.facts is not None else None
    duration = facts.duration_s if facts is not None and facts.duration_s > 0 else None
    start = record.start.replace(tzinfo=None) if record.start.tzinfo is not None else record.start
    return ClipView(record=record, date=date, start=start, duration_s=duration,
                    end=start + timedelta(seconds=duration or 0.0), ok=duration is not None, video=video,
                    timing=timing, fps=nominal_fps(video, timing))


def utc(moment: datetime) -> datetime:
    """A naive UTC time made explicit, rounded to the millisecond (what answers carry)."""
    rounded = moment + timedelta(microseconds=round(moment.microsecond, -3) - moment.microsecond)
    return rounded.replace(tzinfo=UTC)
