"""Watch ticks as the bench sees them in `GET /api/v1/watches`: when each was due, when its scan was queued, when
it was done; and the lateness figures (p50, p95) drawn from them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def _time(text: str | None) -> datetime | None:
    """An API time, or None."""
    return datetime.fromisoformat(text) if text else None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0..1) of values; NaN for none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


@dataclass
class Tick:
    """One tick of one watch: when it was due (the watch's next_tick before it), when it ended (last_tick), and
    (filled in later from its `watch.tick` event and that scan) when the tick's scan was queued."""

    watch_id: str
    camera_id: str
    seq: int
    due: datetime
    done: datetime
    queued: datetime | None = None

    @property
    def start_late_s(self) -> float | None:
        """Seconds from due to the tick's scan being queued (the tick began), if known."""
        return (self.queued - self.due).total_seconds() if self.queued else None

    @property
    def done_late_s(self) -> float:
        """Seconds from due to the tick being done (scan, images and judgement included)."""
        return (self.done - self.due).total_seconds()


@dataclass
class TickLog:
    """Follows every watch's counters from one poll to the next and records each tick seen whole."""

    ticks: list[Tick] = field(default_factory=list)
    unseen: int = 0  # ticks that happened between two polls with another one (their due time is not known)
    _last: dict[str, dict[str, Any]] = field(default_factory=dict)

    def observe(self, watches: list[dict[str, Any]]) -> None:
        """Take one `GET /api/v1/watches` answer."""
        for watch in watches:
            before = self._last.get(watch["watch_id"])
            self._last[watch["watch_id"]] = watch
            count = watch["ticks"] - (before["ticks"] if before else 0)
            if count <= 0:
                continue
            due = _time(before["next_tick"]) if before else _time(watch["started"])
            done = _time(watch["last_tick"])
            if count > 1 or due is None or done is None:
                self.unseen += count
                continue
            self.ticks.append(Tick(watch["watch_id"], watch["camera_id"], watch["ticks"], due, done))

    def done_between(self, start: datetime, end: datetime) -> int:
        """How many ticks were done in [start, end)."""
        return sum(1 for tick in self.ticks if start <= tick.done < end)


def mean_interval_s(ticks: list[Tick]) -> float:
    """The mean time between one tick of a watch being done and the next (the watch's period as it turns out)."""
    by_watch: dict[str, list[datetime]] = {}
    for tick in ticks:
        by_watch.setdefault(tick.watch_id, []).append(tick.done)
    gaps = [(later - earlier).total_seconds() for done in by_watch.values()
            for earlier, later in zip(sorted(done), sorted(done)[1:], strict=False)]
    return sum(gaps) / len(gaps) if gaps else math.nan


def lateness(ticks: list[Tick]) -> dict[str, float]:
    """p50 and p95 of the start and done lateness (seconds), and how many ticks they cover."""
    started = [late for late in (tick.start_late_s for tick in ticks) if late is not None]
    done = [tick.done_late_s for tick in ticks]
    return {"ticks": len(ticks), "start_p50": percentile(started, 0.5), "start_p95": percentile(started, 0.95),
            "start_max": max(started, default=math.nan), "done_p50": percentile(done, 0.5),
            "done_p95": percentile(done, 0.95), "done_max": max(done, default=math.nan)}
