"""Expected values of a camera's clips: the majority of the clips judged, unless the camera or the request says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, fields
from statistics import median, quantiles
from typing import TypeVar

from libs.common.contracts.api.checks import ExpectedValues, ValueSource
from libs.common.domain.checks.clip_view import ClipView

Value = TypeVar("Value", bound=Hashable)
TUKEY_FENCE = 1.5


@dataclass(frozen=True)
class ExpectedOverrides:
    """Expected values set for a camera (cameras file) or a request (query); None leaves the majority's value."""

    clip_s: float | None = None
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    max_keyframe_interval_s: float | None = None


def majority(values: Iterable[Value]) -> Value | None:
    """The most common value (the first seen among equals), None for no values."""
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None


def bitrate_band(rates: list[float], tolerance_pct: float) -> tuple[float, float] | None:
    """The usual band: Tukey's fences around the quartiles, widened to at least median ± tolerance_pct."""
    if not rates:
        return None
    middle = median(rates)
    low, high = middle * (1 - tolerance_pct / 100), middle * (1 + tolerance_pct / 100)
    if len(rates) >= 4:
        q1, _, q3 = quantiles(rates, n=4)
        spread = q3 - q1
        low, high = min(low, q1 - TUKEY_FENCE * spread), max(high, q3 + TUKEY_FENCE * spread)
    return round(max(low, 0.0), 1), round(high, 1)


def _majorities(clips: list[ClipView]) -> ExpectedOverrides:
    """What most readable clips show: length (whole seconds), fps (tenths), size, keyframe interval (tenths)."""
    readable = [clip for clip in clips if clip.ok]
    videos = [clip for clip in readable if clip.video is not None]
    size = majority((clip.video.width, clip.video.height) for clip in videos if clip.video is not None)
    return ExpectedOverrides(
        clip_s=majority(float(round(clip.duration_s or 0.0)) for clip in readable),
        fps=majority(round(clip.fps, 1) for clip in videos if clip.fps is not None),
        width=size[0] if size else None,
        height=size[1] if size else None,
        max_keyframe_interval_s=majority(round(clip.timing.max_keyframe_interval_s, 1) for clip in videos
                                         if clip.timing is not None and clip.timing.max_keyframe_interval_s),
    )


def expected_values(clips: list[ClipView], camera: ExpectedOverrides, request: ExpectedOverrides,
                    bitrate_tolerance_pct: float) -> ExpectedValues:
    """Each value from the request, else the camera, else the majority of clips; with the bitrate band."""
    chosen: dict[str, float | int | None] = {}
    sources: dict[str, ValueSource] = {}
    layers: tuple[tuple[ExpectedOverrides, ValueSource], ...] = (
        (_majorities(clips), "majority"), (camera, "camera"), (request, "request"))
    for layer, source in layers:
        for field in fields(ExpectedOverrides):
            value = getattr(layer, field.name)
            if value is not None:
                chosen[field.name], sources[field.name] = value, source
    videos = [clip.video for clip in clips if clip.ok and clip.video is not None]
    rates = [video.bitrate_kbps for video in videos]
    band = bitrate_band(rates, bitrate_tolerance_pct)
    return ExpectedValues(
        clip_s=chosen.get("clip_s"), fps=chosen.get("fps"),
        width=_whole(chosen.get("width")), height=_whole(chosen.get("height")),
        max_keyframe_interval_s=chosen.get("max_keyframe_interval_s"),
        codec=majority(video.codec for video in videos),
        audio=majority(clip.record.facts.audio is not None for clip in clips if clip.ok and clip.record.facts),
        bitrate_kbps=round(median(rates), 1) if rates else None,
        bitrate_band_kbps=list(band) if band else None,
        sources=sources,
    )


def _whole(value: float | int | None) -> int | None:
    """A pixel count as an int."""
    return None if value is None else int(value)
