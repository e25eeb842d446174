"""Stills, animated previews and sprite sheets come out as valid images of the right size and content."""

import io

import pytest
from PIL import Image, ImageStat

from services.thumbnailer.imaging.animation_renderer import render_animation
from services.thumbnailer.imaging.errors import InvalidRenderRequest
from services.thumbnailer.imaging.keyframe_decoder import KeyframeDecoder
from services.thumbnailer.imaging.sprite_sheet import render_sprite_sheet
from services.thumbnailer.imaging.still_renderer import render_still
from tests.thumbnailer.keyframe_samples import SampleClip, make_sample_clip

COLOURS = ((230, 30, 30), (30, 200, 60), (40, 60, 220), (240, 220, 40), (128, 128, 128))


@pytest.fixture(scope="module")
def clip() -> SampleClip:
    return make_sample_clip("h264", 1920, 1080, COLOURS)


@pytest.fixture(scope="module")
def frames(clip):
    decoder = KeyframeDecoder("h264")
    return [decoder.decode(keyframe) for keyframe in clip.keyframes]


def open_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def mean_rgb(image: Image.Image) -> list[float]:
    return ImageStat.Stat(image.convert("RGB")).mean


@pytest.mark.parametrize(("fmt", "pillow_format"), [("webp", "WEBP"), ("jpeg", "JPEG")])
def test_still_is_320_wide_with_the_clip_aspect_and_colour(frames, fmt, pillow_format):
    image = open_image(render_still(frames[0], fmt=fmt))
    assert image.format == pillow_format
    assert image.size == (320, 180)
    assert mean_rgb(image) == pytest.approx(COLOURS[0], abs=8)


def test_still_width_is_configurable_and_aspect_kept():
    hevc = make_sample_clip("hevc", 1280, 720, ((40, 60, 220),))
    frame = KeyframeDecoder("hevc").decode(hevc.keyframes[0])
    assert open_image(render_still(frame, width=160)).size == (160, 90)


def test_still_quality_changes_the_byte_size(frames):
    assert len(render_still(frames[3], quality=20)) <= len(render_still(frames[3], quality=95))


@pytest.mark.parametrize(
    "bad", [{"fmt": "png"}, {"width": 0}, {"width": 100_000}, {"quality": 0}, {"quality": 101}]
)
def test_still_refuses_impossible_requests(frames, bad):
    with pytest.raises(InvalidRenderRequest):
        render_still(frames[0], **bad)


def test_animated_webp_has_one_frame_per_keyframe_and_loops(frames):
    image = open_image(render_animation(frames, frame_ms=250))
    assert image.format == "WEBP"
    assert image.size == (320, 180)
    assert image.n_frames == len(frames)
    assert image.info["loop"] == 0
    for index, colour in enumerate(COLOURS):
        image.seek(index)
        image.load()
        assert image.info["duration"] == 250
        assert mean_rgb(image) == pytest.approx(colour, abs=10)


def test_animated_gif_has_one_frame_per_keyframe_and_loops(frames):
    image = open_image(render_animation(frames, width=240, fmt="gif", frame_ms=400))
    assert image.format == "GIF"
    assert image.size == (240, 135)
    assert image.n_frames == len(frames)
    assert image.info["loop"] == 0
    for index, colour in enumerate(COLOURS):
        image.seek(index)
        image.load()
        assert image.info["duration"] == 400
        assert mean_rgb(image) == pytest.approx(colour, abs=12)


def test_animation_of_ten_keyframes_from_one_decoder(clip):
    decoder = KeyframeDecoder("h264")
    ten = [decoder.decode(clip.keyframes[index % len(clip.keyframes)]) for index in range(10)]
    assert open_image(render_animation(ten)).n_frames == 10


@pytest.mark.parametrize("bad", [{"fmt": "apng"}, {"frame_ms": 0}, {"width": -5}])
def test_animation_refuses_impossible_requests(frames, bad):
    with pytest.raises(InvalidRenderRequest):
        render_animation(frames, **bad)


def test_animation_refuses_no_frames():
    with pytest.raises(InvalidRenderRequest, match="at least one frame"):
        render_animation([])


def test_sprite_sheet_tiles_stills_in_rows_and_indexes_each(frames):
    stills = [render_still(frame) for frame in frames] * 3  # 15 stills
    sheet_bytes, index = render_sprite_sheet(stills, columns=4, tile_width=100)
    sheet = open_image(sheet_bytes)
    assert sheet.format == "WEBP"
    assert sheet.size == (400, 4 * 56)
    assert [entry["index"] for entry in index] == list(range(15))
    assert index[0] == {"index": 0, "x": 0, "y": 0, "w": 100, "h": 56}
    assert index[5] == {"index": 5, "x": 100, "y": 56, "w": 100, "h": 56}
    assert index[14] == {"index": 14, "x": 200, "y": 168, "w": 100, "h": 56}
    for entry in index:
        x, y, w, h = entry["x"], entry["y"], entry["w"], entry["h"]
        tile = sheet.crop((x + 10, y + 10, x + w - 10, y + h - 10))
        assert mean_rgb(tile) == pytest.approx(COLOURS[entry["index"] % len(COLOURS)], abs=10)


def test_sprite_sheet_fits_other_aspect_ratios_inside_their_tile(frames):
    square = io.BytesIO()
    Image.new("RGB", (50, 50), (255, 255, 255)).save(square, "PNG")
    sheet_bytes, index = render_sprite_sheet([render_still(frames[0]), square.getvalue()], fmt="jpeg")
    assert open_image(sheet_bytes).format == "JPEG"
    assert open_image(sheet_bytes).size == (320, 90)
    assert index[1] == {"index": 1, "x": 160 + 35, "y": 0, "w": 90, "h": 90}


def test_sprite_sheet_names_the_image_it_cannot_read(frames):
    with pytest.raises(InvalidRenderRequest, match="image 1 "):
        render_sprite_sheet([render_still(frames[0]), b"garbage"])


def test_sprite_sheet_refuses_no_images():
    with pytest.raises(InvalidRenderRequest):
        render_sprite_sheet([])
