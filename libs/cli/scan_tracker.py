"""A scan's progress folded from its events: phase, clips, thumbnails, previews, bytes read, rate and ETA."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from libs.cli.progress import eta_text, rate_and_eta
from libs.cli.units import human_bytes, human_rate
from libs.client.sse import ScanEventFrame
from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.events import (
    ClipFailedEvent,
    ClipPreviewEvent,
    ClipReadEvent,
    ClipThumbnailEvent,
    DayScannedEvent,
    ScanProgressEvent,
    ScanRunningEvent,
    StorageEvent,
)
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
    """Counts from scan.progress, clip, clip.thumbnail, clip.preview and clip.failed events of one scan (typed, read
    with the shared event union: a kind this client does not know never reaches it).

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
        event = frame.event
        if isinstance(event, ScanRunningEvent):
            self.status, self._phase = "running", "listing"
        elif isinstance(event, StorageEvent):
            return f"card: {human_bytes(event.used_bytes)} used of {human_bytes(event.total_bytes)}"
        elif isinstance(event, ScanProgressEvent):
            self._progress(event)
        elif isinstance(event, ClipReadEvent):
            self._expect_images(event.clip)
        elif isinstance(event, DayScannedEvent):
            return f"day {event.date} scanned: {event.clips} clips"
        elif isinstance(event, ClipThumbnailEvent):
            self.thumbnails += 1
        elif isinstance(event, ClipPreviewEvent):
            self.previews += 1
        elif isinstance(event, ClipFailedEvent):
            what = "preview " if event.images == "preview" else ""
            return f"clip {event.clip_id} {what}failed: {event.error}"
        elif frame.terminal:
            self.status = event.kind.removeprefix("scan.")
        return None

    def _progress(self, event: ScanProgressEvent) -> None:
        """Counts of a scan.progress event, its phase if it is a later one, and its image counts where sent."""
        self.clips_total, self.clips_done = event.clips_total, event.clips_done
        self.errors, self.bytes_read = event.errors, event.bytes_read
        if SCAN_PHASES.index(event.phase) > SCAN_PHASES.index(self._phase):
            self._phase = event.phase
        self.thumbnails = max(self.thumbnails, event.thumbnails_done or 0)
        self.previews = max(self.previews, event.previews_done or 0)
        self.thumbnails_expected = max(self.thumbnails_expected, event.images_expected or 0)
        if self._want_previews:
            self.previews_expected = max(self.previews_expected, event.images_expected or 0)

    def _expect_images(self, clip: ClipView) -> None:
        """A readable clip gets the images the scan wants; those it already has (an earlier scan) count as done."""
        if clip.status != "ok":
            return
        if self._want_thumbnails:
            self.thumbnails_expected += 1
            self.thumbnails += int(bool(clip.thumbnail_url))
        if self._want_previews:
            self.previews_expected += 1
            self.previews += int(bool(clip.preview_url))

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

