"""How scan events become the progress display: phases, counts, rate and ETA, and plain lines at most once a second."""

from __future__ import annotations

from typing import Any

from libs.cli.progress import LineDisplay
from libs.cli.scan_tracker import ScanTracker
from libs.client.sse import ScanEventFrame


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def event(kind: str, **data: Any) -> ScanEventFrame:
    """A frame with the given body."""
    return ScanEventFrame(1, kind, {"kind": kind, **data})


def ok_clip(number: int, made: bool = False) -> ScanEventFrame:
    """A readable clip event; made=True when its images already exist (an earlier scan)."""
    url = f"/api/v1/clips/c{number}/thumbnail" if made else None
    return event("clip", clip={"clip_id": f"c{number}", "status": "ok", "thumbnail_url": url, "preview_url": url})


def test_phases_follow_metadata_then_thumbnails_then_previews_with_rate_and_eta() -> None:
    clock = Clock()
    tracker = ScanTracker(thumbnails=True, previews=True, clock=clock)
    tracker.feed(event("scan.running"))
    assert tracker.snapshot().phase == "listing"

    tracker.feed(event("scan.progress", clips_total=4, clips_done=0, errors=0, bytes_read=0))
    first = tracker.snapshot()
    clock.now += 2
    for number in range(3):
        tracker.feed(ok_clip(number))
    tracker.feed(ok_clip(3, made=True))
    tracker.feed(event("scan.progress", clips_total=4, clips_done=2, errors=0, bytes_read=2_000_000))
    half = tracker.snapshot()
    assert (first.phase, half.phase, half.done, half.total) == ("metadata", "metadata", 2, 4)
    assert half.rate_bps == 1_000_000 and half.eta_s == 2.0
    assert half.detail() == "clips 2/4 thumbnails 0 previews 0 errors 0 read 2.0 MB 1.0 MB/s ETA 0:00:02"

    tracker.feed(event("scan.progress", clips_total=4, clips_done=4, errors=1, bytes_read=4_000_000))
    assert (tracker.snapshot().phase, tracker.snapshot().total) == ("thumbnails", 3)  # the made clip needs none
    for _ in range(3):
        tracker.feed(event("clip.thumbnail", clip_id="c", url="/t"))
    assert tracker.snapshot().phase == "previews"
    assert tracker.feed(event("clip.failed", clip_id="c2", error="no keyframe")) == "clip c2 failed: no keyframe"
    for _ in range(3):
        tracker.feed(event("clip.preview", clip_id="c", url="/p"))
    assert tracker.snapshot().phase == "finishing"
    tracker.feed(event("scan.completed"))
    assert tracker.snapshot().phase == "completed"


def test_a_phase_named_by_the_event_is_shown_and_no_images_means_no_image_phases() -> None:
    tracker = ScanTracker(thumbnails=False, previews=False, clock=Clock())
    tracker.feed(event("scan.progress", phase="metadata", clips_total=2, clips_done=1, errors=0, bytes_read=10))
    tracker.feed(ok_clip(1))
    assert tracker.snapshot().phase == "metadata"
    tracker.feed(event("scan.progress", phase="metadata", clips_total=2, clips_done=2, errors=0, bytes_read=10))
    assert tracker.snapshot().phase == "finishing"
    assert tracker.feed(event("day.scanned", date="2026-11-20", clips=2)) == "day 2026-11-20 scanned: 2 clips"


def test_plain_lines_come_at_most_once_a_second_except_on_a_new_phase_and_at_the_end() -> None:
    clock, lines = Clock(), []
    with LineDisplay(lines.append, every_s=1.0, clock=clock) as display:
        display.update("metadata", 1, 10, "a")
        display.update("metadata", 2, 10, "b")
        clock.now += 1.0
        display.update("metadata", 3, 10, "c")
        display.update("thumbnails", 0, 5, "d")
        display.note("day scanned")
        display.update("thumbnails", 1_048_576, None, "e")
    assert lines == ["metadata: 1/10 a", "metadata: 3/10 c", "thumbnails: 0/5 d", "day scanned",
                     "thumbnails: 1048576 e"]
