"""Sprite sheets: an hour's thumbnails in one image, and where each clip's thumbnail sits in it."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SpritePlace(BaseModel):
    """One clip's thumbnail in the sheet, in pixels from the top-left corner."""

    clip_id: str
    start: str = Field(description="Clip start, UTC, YYYY-MM-DDTHH:MM:SS")
    x: int
    y: int
    w: int
    h: int


class SpriteIndex(BaseModel):
    """The hour's sheet: its image URL and the tiles in clip order."""

    camera_id: str
    date: str = Field(description="YYYY-MM-DD (UTC day folder)")
    hour: int = Field(description="UTC hour 0-23")
    image_url: str = Field(description="The sheet (WebP); cacheable forever, its name changes with the hour's clips")
    columns: int = Field(description="Tiles per row")
    tile_width: int = Field(description="Pixels per tile")
    tiles: list[SpritePlace]
