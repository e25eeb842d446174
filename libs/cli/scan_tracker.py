"""A scan's progress folded from its events: phase, clips, thumbnails, previews, bytes read, rate and ETA."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from libs.cli.progress import eta_text, rate_and_eta
from libs.cli.units import human_bytes, human_rate
from libs.client.sse import ScanEventFrame
from libs.common.contracts.records import SCAN_PHASES, ScanPhase


@dataclass(frozen=True)
class ScanSnapshot:
    """What the bar shows: the phase and its done/total, the image and byte counts, rate and ETA."""

    phase: str
    done: int
    total: int | None
    clips_done: int
    clips_total: int
    thumbnails: int
    previews: int
    errors: int
    bytes_read: int
    rate_bps: float | None
    eta_s: float | None

    def detail(self) -> str:
        """'clips 12/40 thumbnails 3 previews 2 errors 0 read 1.2 MB 350.0 kB/s ETA 0:00:05'."""
        parts = [f"clips {self.clips_done}/{self.clips_total}", f"thumbnails {self.thumbnails}",
                 f"previews {self.previews}", f"errors {self.errors}",
                 f"read {human_bytes(self.bytes_read)}", "" if self.rate_bps is None else human_rate(self.rate_bps),
                 eta_text(self.eta_s)]
        return " ".join(part for part in parts if part)


class ScanTracker:
    """Counts from scan.progress, clip, clip.thumbnail, clip.preview and clip.failed events of one scan.

    The phase is the one the server's scan.progress events name (it only moves forward within a run of the scan).
    Image counts are the larger of the events seen (images made earlier come in the clip events) and the counts
    a scan.progress event carries, so a rescan whose images all exist shows them all.
    """

    def __init__(self, thumbnails: bool, previews: bool, clock: Callable[[], float] = time.monotonic) -> None:
        """Which images the scan makes decides which images a clip is expected to get; `clock` is for tests."""
        self._want_thumbnails, self._want_previews, self._clock = thumbnails, previews, clock
        self._started = clock()
        self._phase_started: dict[str, float] = {}
        self._phase: ScanPhase = "listing"
        self.clips_done = self.clips_total = self.errors = self.bytes_read = 0
        self.thumbnails = self.previews = self.thumbnails_expected = self.previews_expected = 0
        self.status = "queued"

    def feed(self, frame: ScanEventFrame) -> str | None:
        """Take one event; a line worth printing on its own (a day scanned, a failed clip, the card) or None."""
        data = frame.data
        if frame.kind == "scan.running":
            self.status, self._phase = "running", "listing"
        elif frame.kind == "storage":
            return f"card: {human_bytes(_int(data, 'used_bytes'))} used of {human_bytes(_int(data, 'total_bytes'))}"
        elif frame.kind == "scan.progress":
            self._progress(data)
        elif frame.kind == "clip":
            self._expect_images(data.get("clip"))
        elif frame.kind == "day.scanned":
            return f"day {data.get('date')} scanned: {_int(data, 'clips')} clips"
        elif frame.kind == "clip.thumbnail":
            self.thumbnails += 1
        elif frame.kind == "clip.preview":
            self.previews += 1
        elif frame.kind == "clip.failed":
            what = "preview " if data.get("images") == "preview" else ""
            return f"clip {data.get('clip_id')} {what}failed: {data.get('error')}"
        elif frame.terminal:
            self.status = frame.kind.removeprefix("scan.")
        return None

    def _progress(self, data: dict[str, Any]) -> None:
        """Counts of a scan.progress event, its phase if it is a later one, and its image counts where sent."""
        self.clips_total, self.clips_done = _int(data, "clips_total"), _int(data, "clips_done")
        self.errors, self.bytes_read = _int(data, "errors"), _int(data, "bytes_read")
        phase = next((known for known in SCAN_PHASES if known == data.get("phase", "metadata")), None)
        if phase is not None and SCAN_PHASES.index(phase) > SCAN_PHASES.index(self._phase):
            self._phase = phase
        self.thumbnails = max(self.thumbnails, _int(data, "thumbnails_done"))
        self.previews = max(self.previews, _int(data, "previews_done"))
        self.thumbnails_expected = max(self.thumbnails_expected, _int(data, "images_expected"))
        if self._want_previews:
            self.previews_expected = max(self.previews_expected, _int(data, "images_expected"))

    def _expect_images(self, clip: Any) -> None:
        """A readable clip gets the images the scan wants; those it already has (an earlier scan) count as done."""
        if not isinstance(clip, dict) or clip.get("status") != "ok":
            return
        if self._want_thumbnails:
            self.thumbnails_expected += 1
            self.thumbnails += int(bool(clip.get("thumbnail_url")))
        if self._want_previews:
            self.previews_expected += 1
            self.previews += int(bool(clip.get("preview_url")))

    def phase(self) -> str:
        """completed or failed once the scan ended, else the phase the server named last."""
        return self.status if self.status in ("completed", "failed") else self._phase

    def snapshot(self) -> ScanSnapshot:
        """The state now, with the byte rate since the start and the ETA of the current phase at its pace."""
        phase, now = self.phase(), self._clock()
        started = self._phase_started.setdefault(phase, now)
        done, total = {
            "thumbnails": (self.thumbnails, self.thumbnails_expected),
            "previews": (self.previews, self.previews_expected),
        }.get(phase, (self.clips_done, self.clips_total or None))
        _, eta = rate_and_eta(done, total, now - started)
        rate, _ = rate_and_eta(self.bytes_read, None, now - self._started)
        return ScanSnapshot(phase, done, total, self.clips_done, self.clips_total, self.thumbnails, self.previews,
                            self.errors, self.bytes_read, rate, eta)


def _int(data: dict[str, Any], key: str) -> int:
    """An integer field of an event body, 0 when absent or not a number."""
    value = data.get(key)
    return value if isinstance(value, int) else 0
