"""CPU side of a job: keyframe pack in, still and/or animated preview out (runs in an image worker process)."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from libs.common.contracts.keyframe_pack import unpack_keyframes
from services.thumbnailer.imaging.animation_renderer import encode_animation
from services.thumbnailer.imaging.frame_scaling import scaled_rgb_image, scaled_size
from services.thumbnailer.imaging.image_encoding import encode_still_image
from services.thumbnailer.imaging.keyframe_decoder import DEFAULT_THREADS, KeyframeDecoder
from services.thumbnailer.imaging.still_renderer import STILL_QUALITY


@dataclass(frozen=True)
class ClipImages:
    """The images made for one clip (None: not asked for, or a preview of fewer than two keyframes).

    `first` is the first keyframe's small picture when a still alone was made: the clip's preview job can start
    from it instead of decoding that keyframe again.
    """

    thumbnail: bytes | None
    preview: bytes | None
    first: Image.Image | None = None


class ImageMaker:
    """Holds one long-lived decoder per codec; not shared between threads at once."""

    def __init__(self, thumbnail_width: int = 320, decoder_threads: int = DEFAULT_THREADS) -> None:
        """Decoders are opened lazily, once per codec, with `decoder_threads` slice threads each."""
        self._decoders: dict[str, KeyframeDecoder] = {}
        self._width, self._threads = thumbnail_width, decoder_threads

    def make(self, codec: str, pack: bytes, previews: bool, thumbnail: bool = True,
             first: Image.Image | None = None) -> ClipImages:
        """Decode the first keyframe into a still (if `thumbnail`) and, if `previews`, the others too into an animation.

        A still alone decodes only the first keyframe. Each picture is scaled as soon as it is decoded (the still's
        small image is the animation's first frame), so only one full-size picture is held at a time. `first`, the
        first keyframe's small picture from this clip's still, saves decoding that keyframe again.
        """
        decoder = self._decoders.get(codec)
        if decoder is None:
            decoder = self._decoders[codec] = KeyframeDecoder(codec, self._threads)
        keyframes = unpack_keyframes(pack)
        if first is None:
            picture = decoder.decode(keyframes[0].data)
            first = scaled_rgb_image(picture, *scaled_size(picture, self._width))
        still = encode_still_image(first, "webp", STILL_QUALITY) if thumbnail else None
        if not previews or len(keyframes) < 2:
            return ClipImages(still, None, first if thumbnail and not previews else None)
        images = [first, *(scaled_rgb_image(decoder.decode(keyframe.data), *first.size) for keyframe in keyframes[1:])]
        return ClipImages(still, encode_animation(images))
