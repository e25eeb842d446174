"""How scan events become the progress display: phases, counts, rate and ETA, and plain lines at most once a second."""

from __future__ import annotations

from typing import Any

from libs.cli.progress import LineDisplay
from libs.cli.scan_tracker import ScanTracker
from libs.client.sse import ScanEventFrame
from libs.common.contracts.events import SCAN_EVENT


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def event(kind: str, **data: Any) -> ScanEventFrame:
    """A frame of the given kind and fields, read with the shared event union as the client reads them."""
    return ScanEventFrame(1, SCAN_EVENT.validate_python({"kind": kind, "scan_id": "s", "camera_id": "CAM01", **data}))


def ok_clip(number: int, made: bool = False) -> ScanEventFrame:
    """A readable clip event; made=True when its images already exist (an earlier scan)."""
    url = f"/api/v1/clips/c{number}/thumbnail" if made else None
    clip = {"clip_id": f"c{number}", "path": f"2026-11-20/02/c{number}.mp4", "start": "2026-11-20T02:00:00",
            "size_bytes": 1000, "status": "ok", "error": None, "duration_s": 6.0, "container": "mp4", "video": None,
            "audio": None, "bytes_read": 100, "thumbnail_bytes_read": 0, "preview_bytes_read": 0,
            "thumbnail_url": url, "preview_url": url}
    return event("clip", clip_id=f"c{number}", clip=clip)


def test_phases_are_the_servers_listing_metadata_thumbnails_previews_with_rate_and_eta() -> None:
    clock = Clock()
    tracker = ScanTracker(thumbnails=True, previews=True, clock=clock)
    tracker.feed(event("scan.running"))
    assert tracker.snapshot().phase == "listing"

    tracker.feed(event("scan.progress", phase="metadata", clips_total=4, clips_done=0, errors=0, bytes_read=0))
    first = tracker.snapshot()
    clock.now += 2
    for number in range(3):
        tracker.feed(ok_clip(number))
    tracker.feed(ok_clip(3, made=True))
    tracker.feed(event("scan.progress", phase="metadata", clips_total=4, clips_done=2, errors=0, bytes_read=2_000_000))
    half = tracker.snapshot()
    assert (first.phase, half.phase, half.done, half.total) == ("metadata", "metadata", 2, 4)
    assert half.rate_bps == 1_000_000 and half.eta_s == 2.0
    assert half.detail() == "clips 2/4 thumbnails 1 previews 1 errors 0 read 2.0 MB 1.0 MB/s ETA 0:00:02"

    tracker.feed(event("scan.progress", phase="thumbnails", clips_total=4, clips_done=4, errors=1,
                       bytes_read=4_000_000, images_expected=4, thumbnails_done=1, previews_done=1))
    assert (tracker.snapshot().phase, tracker.snapshot().done, tracker.snapshot().total) == ("thumbnails", 1, 4)
    for _ in range(3):
        tracker.feed(event("clip.thumbnail", clip_id="c", url="/t"))
    tracker.feed(event("scan.progress", phase="previews", clips_total=4, clips_done=4, errors=1,
                       bytes_read=4_000_000, images_expected=4, thumbnails_done=4, previews_done=1))
    assert (tracker.snapshot().phase, tracker.snapshot().done, tracker.snapshot().total) == ("previews", 1, 4)
    assert tracker.feed(event("clip.failed", clip_id="c2", error="no keyframe", images="preview")) == (
        "clip c2 preview failed: no keyframe")
    for _ in range(2):
        tracker.feed(event("clip.preview", clip_id="c", url="/p"))
    assert tracker.snapshot().detail().startswith("clips 4/4 thumbnails 4 previews 3 errors 1")
    tracker.feed(event("scan.completed"))
    assert tracker.snapshot().phase == "completed"


def test_a_late_event_of_an_earlier_phase_does_not_take_the_phase_back() -> None:
    tracker = ScanTracker(thumbnails=True, previews=True, clock=Clock())
    tracker.feed(event("scan.progress", phase="previews", clips_total=2, clips_done=2, errors=0, bytes_read=10,
                       images_expected=2, thumbnails_done=2, previews_done=0))
    tracker.feed(event("scan.progress", phase="thumbnails", clips_total=2, clips_done=2, errors=0, bytes_read=10,
                       images_expected=2, thumbnails_done=1, previews_done=0))
    assert (tracker.snapshot().phase, tracker.thumbnails) == ("previews", 2)
    tracker.feed(event("scan.running"))
    assert tracker.snapshot().phase == "listing", "a redelivered scan starts over"


def test_a_rescan_whose_images_were_all_made_earlier_counts_them_once() -> None:
    tracker = ScanTracker(thumbnails=True, previews=True, clock=Clock())
    for number in range(3):
        tracker.feed(ok_clip(number, made=True))
    assert tracker.snapshot().detail().startswith("clips 0/0 thumbnails 3 previews 3")
    tracker.feed(event("scan.progress", phase="previews", clips_total=3, clips_done=3, errors=0, bytes_read=0,
                       images_expected=3, thumbnails_done=3, previews_done=3))
    assert tracker.snapshot().detail().startswith("clips 3/3 thumbnails 3 previews 3 errors 0")


def test_without_images_the_scan_stays_in_metadata_until_it_ends() -> None:
    tracker = ScanTracker(thumbnails=False, previews=False, clock=Clock())
    tracker.feed(event("scan.progress", phase="metadata", clips_total=2, clips_done=1, errors=0, bytes_read=10))
    tracker.feed(ok_clip(1))
    assert tracker.snapshot().phase == "metadata"
    tracker.feed(event("scan.progress", phase="metadata", clips_total=2, clips_done=2, errors=0, bytes_read=10))
    assert (tracker.snapshot().phase, tracker.thumbnails_expected) == ("metadata", 0)
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
