"""CPU side of a job: keyframe pack in, still and/or animated preview out (runs in a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.contracts.keyframe_pack import unpack_keyframes
from services.thumbnailer.imaging.animation_renderer import encode_animation
from services.thumbnailer.imaging.frame_scaling import scaled_rgb_image, scaled_size
from services.thumbnailer.imaging.image_encoding import encode_still_image
from services.thumbnailer.imaging.keyframe_decoder import KeyframeDecoder
from services.thumbnailer.imaging.still_renderer import STILL_QUALITY


@dataclass(frozen=True)
class ClipImages:
    """The images made for one clip (None: not asked for, or a preview of fewer than two keyframes)."""

    thumbnail: bytes | None
    preview: bytes | None


class ImageMaker:
    """Holds one long-lived decoder per codec; not shared between threads at once."""

    def __init__(self, thumbnail_width: int = 320) -> None:
        """Decoders are opened lazily, once per codec."""
        self._decoders: dict[str, KeyframeDecoder] = {}
        self._width = thumbnail_width

    def make(self, codec: str, pack: bytes, previews: bool, thumbnail: bool = True) -> ClipImages:
        """Decode the first keyframe into a still (if `thumbnail`) and, if `previews`, the others too into an animation.

        A still alone decodes only the first keyframe. Each picture is scaled as soon as it is decoded (the still's
        small image is the animation's first frame), so only one full-size picture is held at a time.
        """
        decoder = self._decoders.get(codec)
        if decoder is None:
            decoder = self._decoders[codec] = KeyframeDecoder(codec)
        keyframes = unpack_keyframes(pack)
        first = decoder.decode(keyframes[0].data)
        size = scaled_size(first, self._width)
        first_image = scaled_rgb_image(first, *size)
        still = encode_still_image(first_image, "webp", STILL_QUALITY) if thumbnail else None
        if not previews or len(keyframes) < 2:
            return ClipImages(still, None)
        images = [first_image, *(scaled_rgb_image(decoder.decode(keyframe.data), *size) for keyframe in keyframes[1:])]
        return ClipImages(still, encode_animation(images))
