"""The timing summary of a clip's video track: presentation-time steps, missing frames, keyframes, track durations."""

import itertools
import operator
from statistics import median

from libs.common.adapters.media.clip_facts import ClipTiming, FrameStep
from libs.common.adapters.media.mp4_sample_table import signed32
from libs.common.adapters.media.mp4_track import Track

LONG_STEP_FACTOR = 1.5
MAX_LISTED_STEPS = 20


def _presentation_times(track: Track, deltas: list[int]) -> list[int]:
    """Each sample's presentation time in timescale units: decode time plus its composition offset."""
    decode = list(itertools.accumulate(deltas, initial=0))[:-1]
    offsets = track.samples.composition
    if offsets and len(offsets) != len(decode):
        raise ValueError(f"{len(offsets)} composition offsets for {len(decode)} samples")
    return list(map(operator.add, decode, offsets)) if offsets else decode


def _backwards_steps(deltas: list[int], steps: list[int], has_composition: bool) -> int:
    """Decode steps that do not move forward, plus (with composition offsets) presentation times shown twice.

    `steps` are the gaps between the sorted presentation times; the per-sample loops run in C (a clip has ~1,800)."""
    decode_steps = deltas[:-1]
    count = 0 if min(decode_steps, default=1) > 0 else sum(1 for delta in decode_steps if delta <= 0)
    if has_composition:
        count += steps.count(0)
    return count


def _long_steps(ordered: list[int], steps: list[int], step: float, timescale: int) -> list[FrameStep]:
    """Every step over LONG_STEP_FACTOR x the median, with the frames it lost: round(step / median) - 1."""
    limit = LONG_STEP_FACTOR * step
    if max(steps, default=0) <= limit:
        return []
    return [
        FrameStep(at_s=round((ordered[index] - ordered[0]) / timescale, 3), step_s=round(gap / timescale, 3),
                  missing_frames=max(round(gap / step) - 1, 1))
        for index, gap in enumerate(steps)
        if gap > limit
    ]


def _longest_keyframe_interval(track: Track, times: list[int], end: int) -> float | None:
    """The longest stretch from one sync sample to the next (the last one to the end of the clip), in seconds."""
    keyframes = sorted(times[index] for index in track.samples.sync)
    if not keyframes:
        return None
    intervals = [b - a for a, b in itertools.pairwise([*keyframes, end])]
    return round(max(intervals) / track.timescale, 3) if intervals else None


def timing_summary(video: Track, audio: Track | None) -> ClipTiming | None:
    """The summary of the video track's timing (None for a track without samples or timescale)."""
    samples, timescale = video.samples, video.timescale
    if not samples.sizes or not timescale:
        return None
    unsigned = samples.deltas
    deltas = unsigned if max(unsigned, default=0) < 1 << 31 else [signed32(delta) for delta in unsigned]
    times = _presentation_times(video, deltas)
    ordered = sorted(times)
    steps = list(map(operator.sub, ordered[1:], ordered[:-1]))  # sorted: never negative
    forward = list(filter(None, steps))
    step = float(median(forward)) if forward else float(max(deltas[-1], 1))
    long_steps = _long_steps(ordered, steps, step, timescale)
    end = ordered[-1] + (deltas[-1] if deltas[-1] > 0 else round(step))
    return ClipTiming(
        frame_step_s=round(step / timescale, 6),
        long_steps=long_steps[:MAX_LISTED_STEPS],
        long_step_count=len(long_steps),
        missing_frames=sum(found.missing_frames for found in long_steps),
        backwards_steps=_backwards_steps(deltas, steps, bool(samples.composition)),
        first_is_keyframe=bool(samples.sync) and samples.sync[0] == 0,
        max_keyframe_interval_s=_longest_keyframe_interval(video, times, end),
        video_duration_s=round(video.duration_s(), 3),
        audio_duration_s=round(audio.duration_s(), 3) if audio is not None else None,
    )
