"""Turning a parsed movie into the clip facts the API reports (numbers computed the way ffprobe does)."""

import itertools
from collections import Counter
from statistics import median

from libs.common.adapters.media.clip_facts import ClipFacts, VideoFacts
from libs.common.adapters.media.clip_timing import timing_summary
from libs.common.adapters.media.errors import ClipUnreadable
from libs.common.adapters.media.mp4_movie import Movie
from libs.common.adapters.media.mp4_track import Track

_SAME_FPS_TOLERANCE = 0.01


def first_track(movie: Movie, handler: str) -> Track | None:
    """The first track with the given handler ('vide' or 'soun') that holds samples."""
    return next((t for t in movie.tracks if t.handler == handler and t.samples.sizes), None)


def _keyframe_interval(track: Track) -> tuple[float | None, int | None, bool]:
    """(median seconds, most common frame count, all equal?) between consecutive sync samples."""
    sync = track.samples.sync
    if len(sync) < 2:
        return None, None, False
    starts = track.samples.decode_times()
    frame_gaps = [b - a for a, b in itertools.pairwise(sync)]
    time_gaps = [(starts[b] - starts[a]) / track.timescale for a, b in itertools.pairwise(sync)]
    most_common_gap = Counter(frame_gaps).most_common(1)[0][0]
    return round(median(time_gaps), 3), most_common_gap, len(set(frame_gaps)) == 1


def _video_facts(track: Track) -> VideoFacts:
    config = track.video
    duration_s = track.duration_s()
    if config is None or duration_s <= 0 or not track.timescale:
        raise ClipUnreadable(f"video track {track.track_id} has no codec configuration or no duration")
    frames = len(track.samples.sizes)
    fps = frames / duration_s
    common_delta = Counter(track.samples.deltas).most_common(1)[0][0]
    nominal = track.timescale / common_delta if common_delta else None
    interval_s, interval_frames, regular = _keyframe_interval(track)
    return VideoFacts(
        codec=config.codec,
        profile=config.profile,
        level=config.level,
        width=config.width,
        height=config.height,
        fps=round(fps, 3),
        fps_nominal=round(nominal, 3) if nominal and abs(nominal - fps) > _SAME_FPS_TOLERANCE else None,
        bitrate_kbps=round(sum(track.samples.sizes) * 8 / duration_s / 1000, 1),
        frames=frames,
        keyframe_interval_s=interval_s,
        keyframe_interval_frames=interval_frames,
        keyframe_regular=regular,
    )


def build_clip_facts(movie: Movie) -> ClipFacts:
    """The facts of a movie: its first video and first audio track, its duration and its video timing summary."""
    video = first_track(movie, "vide")
    audio = first_track(movie, "soun")
    duration_s = movie.duration_s or max((t.duration_s() for t in movie.tracks if t.samples.sizes), default=0.0)
    return ClipFacts(
        container="mp4",
        duration_s=round(duration_s, 3),
        video=_video_facts(video) if video is not None else None,
        audio=audio.audio if audio is not None else None,
        fragmented=movie.fragmented,
        timing=timing_summary(video, audio) if video is not None else None,
    )
