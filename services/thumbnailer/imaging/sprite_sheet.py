"""Tile many encoded thumbnails into one sprite-sheet image plus an index of where each one sits."""

import io
import math
from collections.abc import Sequence

from PIL import Image, UnidentifiedImageError

from services.thumbnailer.imaging.errors import InvalidRenderRequest
from services.thumbnailer.imaging.image_encoding import encode_still_image

_BACKGROUND = (0, 0, 0)


def render_sprite_sheet(
    images: Sequence[bytes], columns: int = 10, tile_width: int = 160, fmt: str = "webp", quality: int = 75
) -> tuple[bytes, list[dict[str, int]]]:
    """One WebP/JPEG sheet of `images` in rows of `columns` tiles, and [{"index","x","y","w","h"}] per image.

    Every tile is `tile_width` wide and as tall as the first image's aspect ratio makes it; an image of
    another aspect ratio is fitted inside its tile, centred, and its entry gives the fitted rectangle.
    """
    if not images:
        raise InvalidRenderRequest("a sprite sheet needs at least one image, got none")
    if columns < 1 or tile_width < 1:
        raise InvalidRenderRequest(f"columns and tile_width must be at least 1, got {columns} and {tile_width}")
    pictures = [_open_image(index, data) for index, data in enumerate(images)]
    tile_height = max(1, round(tile_width * pictures[0].height / pictures[0].width))
    rows = math.ceil(len(pictures) / columns)
    sheet = Image.new("RGB", (min(columns, len(pictures)) * tile_width, rows * tile_height), _BACKGROUND)
    index: list[dict[str, int]] = []
    for position, picture in enumerate(pictures):
        w, h = _fit(picture.size, tile_width, tile_height)
        x = (position % columns) * tile_width + (tile_width - w) // 2
        y = (position // columns) * tile_height + (tile_height - h) // 2
        sheet.paste(picture.resize((w, h), Image.Resampling.BILINEAR, reducing_gap=2.0), (x, y))
        index.append({"index": position, "x": x, "y": y, "w": w, "h": h})
    return encode_still_image(sheet, fmt, quality), index


def _open_image(index: int, data: bytes) -> Image.Image:
    """Decode one thumbnail's bytes to RGB, naming it by position when it is not an image."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            return picture.convert("RGB")
    except (UnidentifiedImageError, OSError) as error:
        raise InvalidRenderRequest(
            f"image {index} of the sprite sheet is not a readable WebP/JPEG/PNG ({error}); pass encoded stills"
        ) from error


def _fit(size: tuple[int, int], tile_width: int, tile_height: int) -> tuple[int, int]:
    """Largest size with the aspect ratio of `size` that fits in a tile."""
    width, height = size
    scale = min(tile_width / width, tile_height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))
