"""One clip's images from its keyframe pack: a 320 px still of the first keyframe and a preview of them all."""

import io

import pytest
from PIL import Image, ImageSequence, ImageStat

from libs.common.contracts.keyframe_pack import PackedKeyframe, pack_keyframes
from services.thumbnailer.image_maker import ImageMaker
from tests.thumbnailer.keyframe_samples import make_sample_clip

COLOURS = ((230, 30, 30), (30, 200, 60), (40, 60, 220), (240, 220, 40))


def pack_of(codec: str) -> bytes:
    clip = make_sample_clip(codec, 1280, 720, COLOURS)
    return pack_keyframes([PackedKeyframe(float(index), frame) for index, frame in enumerate(clip.keyframes)])


@pytest.mark.parametrize("codec", ["h264", "hevc"])
def test_the_thumbnail_is_the_first_keyframe_and_the_preview_shows_every_keyframe_in_order(codec: str) -> None:
    images = ImageMaker().make(codec, pack_of(codec), previews=True)
    still = Image.open(io.BytesIO(images.thumbnail))
    assert (still.format, still.size) == ("WEBP", (320, 180))
    assert ImageStat.Stat(still.convert("RGB")).mean == pytest.approx(COLOURS[0], abs=12)
    assert images.preview is not None
    preview = Image.open(io.BytesIO(images.preview))
    frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(preview)]
    assert [frame.size for frame in frames] == [(320, 180)] * len(COLOURS)
    for frame, colour in zip(frames, COLOURS, strict=True):
        assert ImageStat.Stat(frame).mean == pytest.approx(colour, abs=12)


def test_without_previews_only_the_thumbnail_is_made() -> None:
    images = ImageMaker().make("h264", pack_of("h264"), previews=False)
    assert images.preview is None and images.thumbnail


def test_a_reused_maker_gives_the_same_images_after_other_clips_and_codecs() -> None:
    maker = ImageMaker()
    first = maker.make("h264", pack_of("h264"), previews=True)
    maker.make("hevc", pack_of("hevc"), previews=True)
    assert maker.make("h264", pack_of("h264"), previews=True) == first
