"""Which samples of one clip a range export copies: video from the keyframe at or before the window's start to a clean
cut at or after its end, and the audio presented alongside."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from libs.common.adapters.media.mp4_copy_tables import ClipTables, TrackCopy


@dataclass(frozen=True)
class TrackCut:
    """Samples [first, stop) of a track, with the track's decode times (one more than samples: the end)."""

    copy: TrackCopy
    first: int
    stop: int
    decode_times: list[int]

    @property
    def timescale(self) -> int:
        """Ticks per second of the track."""
        return self.copy.track.timescale


@dataclass(frozen=True)
class ClipCut:
    """What of one clip goes into the export, and when (video ticks of clip time) its first video frame shows."""

    path: str
    video: TrackCut
    audio: TrackCut | None
    presented_start: int

    @property
    def presented_start_s(self) -> float:
        """presented_start in seconds of clip time."""
        return self.presented_start / self.video.timescale


def _decode_times(copy: TrackCopy) -> list[int]:
    return list(itertools.accumulate(copy.track.samples.deltas, initial=0))


def _presentation_times(copy: TrackCopy, decode_times: list[int]) -> list[int]:
    shift = copy.edit_shift
    return [dts + offset - shift for dts, offset in zip(decode_times, copy.composition_offsets, strict=False)]


def _keyframe_at_or_before(sync: list[int], pts: list[int], ticks: int) -> int:
    """The last sync sample shown at or before `ticks`, else the first sync sample."""
    chosen = sync[0]
    for index in sync:
        if pts[index] > ticks:
            break
        chosen = index
    return chosen


def _clean_cut_at_or_after(pts: list[int], first: int, ticks: int) -> int:
    """The first decode position after `first` where every earlier sample shows before every later one, and the
    later ones show at or after `ticks` (no B-frame is cut off from its neighbours); len(pts) if none."""
    later_min = pts[:]
    for index in range(len(pts) - 2, first - 1, -1):
        later_min[index] = min(later_min[index], later_min[index + 1])
    earlier_max = pts[first]
    for index in range(first + 1, len(pts)):
        if earlier_max < later_min[index] and later_min[index] >= ticks:
            return index
        earlier_max = max(earlier_max, pts[index])
    return len(pts)


def _video_cut(copy: TrackCopy, window_start_s: float, window_end_s: float) -> tuple[TrackCut, int, int]:
    """The video cut and the presentation ticks of its first and after its last frame."""
    scale = copy.track.timescale
    dts = _decode_times(copy)
    pts = _presentation_times(copy, dts)
    first = _keyframe_at_or_before(copy.track.samples.sync or [0], pts, round(window_start_s * scale))
    stop = _clean_cut_at_or_after(pts, first, round(window_end_s * scale))
    shown_from = min(pts[first:stop])
    shown_until = (min(pts[stop:]) if stop < len(pts)
                   else max(p + d for p, d in zip(pts, copy.track.samples.deltas, strict=True)))
    return TrackCut(copy, first, stop, dts), shown_from, shown_until


def _audio_cut(copy: TrackCopy, shown_from_s: float, shown_until_s: float) -> TrackCut:
    """Audio samples that start while the cut's video shows."""
    scale = copy.track.timescale
    dts = _decode_times(copy)
    starts = [time - copy.edit_shift for time in dts[:-1]]
    first = bisect.bisect_left(starts, round(shown_from_s * scale))
    stop = bisect.bisect_left(starts, round(shown_until_s * scale))
    return TrackCut(copy, first, max(first, stop), dts)


def cut_clip(path: str, tables: ClipTables, window_start_s: float, window_end_s: float) -> ClipCut | None:
    """The samples of the clip that cover [window_start_s, window_end_s) (clip seconds); None without video."""
    video = tables.first("vide")
    if video is None:
        return None
    video_cut, shown_from, shown_until = _video_cut(video, window_start_s, window_end_s)
    if video_cut.stop <= video_cut.first:
        return None
    scale = video.track.timescale
    audio = tables.first("soun")
    audio_cut = _audio_cut(audio, shown_from / scale, shown_until / scale) if audio is not None else None
    return ClipCut(path, video_cut, audio_cut if audio_cut and audio_cut.stop > audio_cut.first else None,
                   shown_from)
