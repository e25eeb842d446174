"""CPU side of on-demand renders: one packed keyframe as a still of any size, or all of them as WebP/GIF."""

from __future__ import annotations

from libs.common.contracts.keyframe_pack import unpack_keyframes
from services.thumbnailer.imaging.animation_renderer import render_animation
from services.thumbnailer.imaging.errors import InvalidRenderRequest
from services.thumbnailer.imaging.keyframe_decoder import KeyframeDecoder
from services.thumbnailer.imaging.still_renderer import render_still


class OnDemandRenderer:
    """Long-lived decoders for requested renders; not shared between threads at once."""

    def __init__(self) -> None:
        """Decoders are opened lazily, once per codec."""
        self._decoders: dict[str, KeyframeDecoder] = {}

    def still(self, codec: str, pack: bytes, index: int, width: int, fmt: str) -> bytes:
        """Packed keyframe `index` decoded and scaled to `width` px as WebP or JPEG."""
        keyframes = unpack_keyframes(pack)
        if not 0 <= index < len(keyframes):
            raise InvalidRenderRequest(f"the clip has {len(keyframes)} packed keyframes, no keyframe {index}")
        return render_still(self._decoder(codec).decode(keyframes[index].data), width=width, fmt=fmt)

    def animation(self, codec: str, pack: bytes, width: int, fmt: str) -> bytes:
        """Every packed keyframe as a looping animation of `width` px in `fmt` ('webp' or 'gif')."""
        decoder = self._decoder(codec)
        frames = [decoder.decode(keyframe.data) for keyframe in unpack_keyframes(pack)]
        return render_animation(frames, width=width, fmt=fmt)

    def _decoder(self, codec: str) -> KeyframeDecoder:
        """The codec's decoder, opened on first use."""
        decoder = self._decoders.get(codec)
        if decoder is None:
            decoder = self._decoders[codec] = KeyframeDecoder(codec)
        return decoder
