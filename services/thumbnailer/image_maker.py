"""CPU side of a job: keyframe pack in, still and animated preview out (runs in a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.contracts.keyframe_pack import unpack_keyframes
from services.thumbnailer.imaging.animation_renderer import render_animation
from services.thumbnailer.imaging.keyframe_decoder import KeyframeDecoder
from services.thumbnailer.imaging.still_renderer import render_still


@dataclass(frozen=True)
class ClipImages:
    """The images made for one clip."""

    thumbnail: bytes
    preview: bytes | None


class ImageMaker:
    """Holds one long-lived decoder per codec; not shared between threads at once."""

    def __init__(self, thumbnail_width: int = 320) -> None:
        """Decoders are opened lazily, once per codec."""
        self._decoders: dict[str, KeyframeDecoder] = {}
        self._width = thumbnail_width

    def make(self, codec: str, pack: bytes, previews: bool) -> ClipImages:
        """Decode the first keyframe into a still and, if asked, all of them into an animation."""
        decoder = self._decoders.get(codec)
        if decoder is None:
            decoder = self._decoders[codec] = KeyframeDecoder(codec)
        keyframes = unpack_keyframes(pack)
        first = decoder.decode(keyframes[0].data)
        thumbnail = render_still(first, width=self._width)
        if not previews or len(keyframes) < 2:
            return ClipImages(thumbnail, None)
        frames = [first, *(decoder.decode(keyframe.data) for keyframe in keyframes[1:])]
        return ClipImages(thumbnail, render_animation(frames, width=self._width))
