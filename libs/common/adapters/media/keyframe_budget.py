"""Which keyframes a clip's images read: the first one, plus small ones spread over the clip within a byte budget."""

from __future__ import annotations

from libs.common.adapters.media.mp4_probe import ClipProbe, KeyframeRef

# A preview keyframe may come from this fraction of a slot either side of the slot's time.
_SLOT_WINDOW = 1 / 3


def choose_image_keyframes(probe: ClipProbe, count: int, budget_bytes: int) -> tuple[KeyframeRef, ...]:
    """The first keyframe (the thumbnail) and up to count-1 more, each the smallest near its even slot.

    Frames are dropped evenly until the keyframes' bytes fit `budget_bytes`; the first keyframe is
    always kept, so the thumbnail is read even when it alone exceeds the budget.
    """
    keyframes = probe.keyframes
    if count <= 0 or not keyframes:
        return ()
    span = max(probe.facts.duration_s, keyframes[-1].time_s)
    for frames in range(min(count, len(keyframes)), 1, -1):
        chosen = _smallest_per_slot(keyframes, frames, span)
        if sum(keyframe.size for keyframe in chosen) <= budget_bytes:
            return chosen
    return (keyframes[0],)


def _smallest_per_slot(keyframes: tuple[KeyframeRef, ...], frames: int, span: float) -> tuple[KeyframeRef, ...]:
    """keyframes[0], then for each later slot the smallest keyframe within the slot's window (or the nearest)."""
    slot = span / frames
    chosen = [keyframes[0]]
    for index in range(1, frames):
        target = index * slot
        near = [k for k in keyframes[1:] if abs(k.time_s - target) <= slot * _SLOT_WINDOW and k not in chosen]
        if not near:
            near = [min((k for k in keyframes[1:] if k not in chosen), key=lambda k: abs(k.time_s - target))]
        chosen.append(min(near, key=lambda k: (k.size, abs(k.time_s - target))))
    return tuple(sorted(chosen, key=lambda k: k.time_s))
