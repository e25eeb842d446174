"""On-demand render jobs (a larger or later still, a GIF preview, an hour's sprite sheet) and their queue."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel

from libs.common.contracts.envelope import Payload

RENDER_QUEUE = "sdb.render.jobs"


class ClipRenderJob(Payload):
    """Render one clip's still (from packed keyframe `keyframe_index`) or animation into `output_key`."""

    TYPE: ClassVar[str] = "render.clip"
    clip_id: str
    codec: str
    keyframes_key: str
    kind: Literal["still", "animation"]
    keyframe_index: int = 0
    width: int = 320
    fmt: str = "webp"
    output_key: str
    error_key: str


class SpriteTile(BaseModel):
    """One clip in a sprite sheet: its id, start time and stored thumbnail."""

    clip_id: str
    start: str
    thumbnail_key: str


class SpriteJob(Payload):
    """Tile an hour's thumbnails into one sheet (`output_key`) with an index document (`index_key`)."""

    TYPE: ClassVar[str] = "render.sprite"
    camera_id: str
    date: str
    hour: int
    tiles: list[SpriteTile]
    image_url: str
    output_key: str
    index_key: str
    error_key: str
    columns: int = 10
    tile_width: int = 160
