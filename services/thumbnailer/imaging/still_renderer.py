"""Render one decoded keyframe as a small still image."""

import av

from services.thumbnailer.imaging.frame_scaling import scaled_rgb_image, scaled_size
from services.thumbnailer.imaging.image_encoding import encode_still_image

STILL_QUALITY = 75


def render_still(frame: av.VideoFrame, width: int = 320, fmt: str = "webp", quality: int = STILL_QUALITY) -> bytes:
    """WebP or JPEG bytes of `frame` scaled to `width` pixels wide, aspect ratio kept."""
    scaled_width, scaled_height = scaled_size(frame, width)
    return encode_still_image(scaled_rgb_image(frame, scaled_width, scaled_height), fmt, quality)
