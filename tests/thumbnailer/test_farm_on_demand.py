"""Images on request: a larger or later still, a GIF preview and an hour's sprite sheet, made by the thumbnailer."""

from __future__ import annotations

import io

import httpx
from PIL import Image

from services.embedded.system import EmbeddedSystem
from tests.scan_polling import scan_and_wait
from tests.thumbnailer.conftest import FARM_DAYS, FARM_HOUR

DAY = FARM_DAYS[0].isoformat()


async def first_clip(gateway: httpx.AsyncClient) -> dict:
    await scan_and_wait(gateway, dates=[DAY])
    return (await gateway.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY})).json()[0]


async def test_a_larger_still_and_a_later_one_are_rendered_on_request(
    farm: EmbeddedSystem, gateway: httpx.AsyncClient
) -> None:
    clip = await first_clip(gateway)
    url = f"/api/v1/clips/{clip['clip_id']}/thumbnail"
    large = await gateway.get(url, params={"width": 640})
    assert large.status_code == 200 and large.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(large.content)).size == (640, 360)
    later = await gateway.get(url, params={"at": 6, "format": "jpeg"})
    assert later.status_code == 200 and Image.open(io.BytesIO(later.content)).format == "JPEG"
    assert later.content != (await gateway.get(url, params={"at": 0, "format": "jpeg"})).content
    assert (await gateway.get(url, params={"width": 640})).content == large.content, "made once, then stored"
    assert farm.renderer.jobs_done == 3


async def test_a_gif_preview_is_rendered_on_request(farm: EmbeddedSystem, gateway: httpx.AsyncClient) -> None:
    clip = await first_clip(gateway)
    gif = await gateway.get(f"/api/v1/clips/{clip['clip_id']}/preview", params={"format": "gif"})
    assert gif.status_code == 200 and gif.headers["content-type"] == "image/gif"
    picture = Image.open(io.BytesIO(gif.content))
    assert picture.format == "GIF" and picture.n_frames >= 2


async def test_bad_render_requests_are_refused_without_work(farm: EmbeddedSystem, gateway: httpx.AsyncClient) -> None:
    clip = await first_clip(gateway)
    url = f"/api/v1/clips/{clip['clip_id']}/thumbnail"
    for params in ({"width": 5000}, {"at": -1}, {"format": "bmp"}):
        answer = await gateway.get(url, params=params)
        assert answer.status_code == 422 and "detail" in answer.json()
    unknown = await gateway.get("/api/v1/clips/CAM01.2026-11-20.000000000000000000000000/thumbnail",
                                params={"width": 640})
    assert unknown.status_code == 404
    assert farm.renderer.jobs_done == 0


async def test_an_hours_sprite_sheet_holds_every_thumbnail_with_its_place(
    farm: EmbeddedSystem, gateway: httpx.AsyncClient
) -> None:
    clip = await first_clip(gateway)
    index = (await gateway.get("/api/v1/cameras/CAM01/sprites", params={"date": DAY, "hour": FARM_HOUR})).json()
    clips = (await gateway.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY})).json()
    assert [tile["clip_id"] for tile in index["tiles"]] == [c["clip_id"] for c in clips]
    assert index["tiles"][0]["clip_id"] == clip["clip_id"]
    sheet = await gateway.get(index["image_url"])
    assert sheet.status_code == 200
    width, height = Image.open(io.BytesIO(sheet.content)).size
    assert all(tile["x"] + tile["w"] <= width and tile["y"] + tile["h"] <= height for tile in index["tiles"])
    empty = await gateway.get("/api/v1/cameras/CAM01/sprites", params={"date": DAY, "hour": FARM_HOUR + 1})
    assert empty.status_code == 404
