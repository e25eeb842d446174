"""Render a handful of decoded keyframes as a looping animated WebP or GIF preview."""

import io
from collections.abc import Sequence

import av
from PIL import Image

from services.thumbnailer.imaging.errors import InvalidRenderRequest
from services.thumbnailer.imaging.frame_scaling import scaled_rgb_image, scaled_size

ANIMATION_FORMATS: tuple[str, ...] = ("webp", "gif")
_WEBP_QUALITY = 70
# Method 0 encodes a 10-frame 320 px preview in ~14 ms instead of ~19 ms (method 2) for ~50 % more bytes
# (11 KB instead of 7 KB): CPU is what two cores lack, not bytes (bench/bench_preview_cpu.py).
_WEBP_METHOD = 0
# Key frames at most every 10 frames: a 10-frame preview is one key frame and nine frames coded against the one
# before (or whole, where that is smaller). The encoder's default (a key frame candidate every few frames, each
# encoded both ways) costs ~25 % more CPU for ~20 % more bytes (bench/bench_preview_cpu.py).
_WEBP_KMIN, _WEBP_KMAX = 9, 10
_LOOP_FOREVER = 0


def render_animation(
    frames: Sequence[av.VideoFrame], width: int = 320, fmt: str = "webp", frame_ms: int = 400
) -> bytes:
    """Animated WebP or GIF of `frames`, each shown `frame_ms` ms, looping forever, `width` px wide."""
    if not frames:
        raise InvalidRenderRequest("an animation needs at least one frame, got none")
    size = scaled_size(frames[0], width)
    return encode_animation([scaled_rgb_image(frame, *size) for frame in frames], fmt, frame_ms)


def encode_animation(images: Sequence[Image.Image], fmt: str = "webp", frame_ms: int = 400) -> bytes:
    """Animated WebP or GIF of equally sized RGB images, each shown `frame_ms` ms, looping forever."""
    if not images:
        raise InvalidRenderRequest("an animation needs at least one frame, got none")
    if fmt not in ANIMATION_FORMATS:
        raise InvalidRenderRequest(
            f"animation format {fmt!r} is not supported; use one of {', '.join(ANIMATION_FORMATS)}"
        )
    if frame_ms < 1:
        raise InvalidRenderRequest(f"frame_ms must be at least 1 ms, got {frame_ms}")
    return _encode_webp(list(images), frame_ms) if fmt == "webp" else _encode_gif(list(images), frame_ms)


def _encode_webp(images: list[Image.Image], frame_ms: int) -> bytes:
    """Looping animated WebP of equally sized RGB images."""
    out = io.BytesIO()
    images[0].save(
        out,
        "WEBP",
        save_all=True,
        append_images=images[1:],
        duration=frame_ms,
        loop=_LOOP_FOREVER,
        quality=_WEBP_QUALITY,
        method=_WEBP_METHOD,
        kmin=_WEBP_KMIN,
        kmax=_WEBP_KMAX,
    )
    return out.getvalue()


def _encode_gif(images: list[Image.Image], frame_ms: int) -> bytes:
    """Looping GIF of equally sized RGB images, each with its own 256-colour palette."""
    paletted = [
        image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        for image in images
    ]
    out = io.BytesIO()
    paletted[0].save(
        out,
        "GIF",
        save_all=True,
        append_images=paletted[1:],
        duration=frame_ms,
        loop=_LOOP_FOREVER,
        optimize=False,
    )
    return out.getvalue()
