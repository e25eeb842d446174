"""KeyframeDecoder turns Annex-B keyframes into the right pictures, one decoder for many clips."""

import pytest
from PIL import ImageStat

from services.thumbnailer.imaging.errors import UndecodableKeyframe, UnsupportedCodec
from services.thumbnailer.imaging.frame_scaling import scaled_rgb_image
from services.thumbnailer.imaging.keyframe_decoder import KeyframeDecoder
from tests.thumbnailer.keyframe_samples import SampleClip, make_detailed_keyframe, make_sample_clip

RED, GREEN, BLUE, GREY = (230, 30, 30), (30, 200, 60), (40, 60, 220), (128, 128, 128)


@pytest.fixture(scope="module")
def h264_1080p() -> SampleClip:
    return make_sample_clip("h264", 1920, 1080, (RED, GREEN, BLUE, GREY))


@pytest.fixture(scope="module")
def hevc_720p() -> SampleClip:
    return make_sample_clip("hevc", 1280, 720, (BLUE, RED, GREEN))


def mean_colour(frame) -> tuple[float, ...]:
    return tuple(ImageStat.Stat(scaled_rgb_image(frame, 64, 36)).mean)


def assert_colour(frame, expected) -> None:
    assert mean_colour(frame) == pytest.approx(expected, abs=8)


def test_h264_1080p_keyframe_decodes_to_a_full_size_picture(h264_1080p):
    frame = KeyframeDecoder("h264").decode(h264_1080p.keyframes[0])
    assert (frame.width, frame.height) == (1920, 1080)
    assert_colour(frame, RED)


def test_hevc_720p_keyframe_decodes_to_a_full_size_picture(hevc_720p):
    frame = KeyframeDecoder("hevc").decode(hevc_720p.keyframes[0])
    assert (frame.width, frame.height) == (1280, 720)
    assert_colour(frame, BLUE)


def test_every_keyframe_of_a_clip_gives_its_own_picture(h264_1080p, hevc_720p):
    for clip in (h264_1080p, hevc_720p):
        decoder = KeyframeDecoder(clip.codec)
        assert len(clip.keyframes) == len(clip.colours)
        for keyframe, colour in zip(clip.keyframes, clip.colours, strict=True):
            assert_colour(decoder.decode(keyframe), colour)


def test_one_decoder_serves_clips_of_different_sizes_without_stale_pictures(h264_1080p):
    small = make_sample_clip("h264", 640, 360, (GREEN, BLUE))
    decoder = KeyframeDecoder("h264")
    for _ in range(3):
        for clip in (h264_1080p, small):
            for keyframe, colour in zip(clip.keyframes, clip.colours, strict=True):
                frame = decoder.decode(keyframe)
                assert (frame.width, frame.height) == (clip.width, clip.height)
                assert_colour(frame, colour)


def test_full_range_streams_keep_their_colours():
    clip = make_sample_clip("h264", 1280, 720, (RED,), full_range=True)
    assert_colour(KeyframeDecoder("h264").decode(clip.keyframes[0]), RED)


def test_single_threaded_decoder_gives_the_same_picture(h264_1080p):
    assert_colour(KeyframeDecoder("h264", threads=1).decode(h264_1080p.keyframes[2]), BLUE)


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not a video at all" * 50,
        bytes(1000),
        b"\x00\x00\x00\x01" + bytes(range(256)) * 8,
        b"\x00\x00\x01\x65" + b"\xff" * 500,
    ],
    ids=["empty", "text", "zeros", "start-code-then-noise", "slice-without-parameter-sets"],
)
@pytest.mark.parametrize("codec", ["h264", "hevc"])
def test_garbage_is_refused_with_a_reason(codec, garbage):
    with pytest.raises(UndecodableKeyframe) as refused:
        KeyframeDecoder(codec).decode(garbage)
    assert refused.value.codec == codec
    assert refused.value.reason


@pytest.mark.parametrize("codec", ["h264", "hevc"])
@pytest.mark.parametrize("kept", [0.02, 0.3, 0.4])
def test_truncated_keyframe_is_refused(codec, kept):
    keyframe = make_detailed_keyframe(codec, 640, 360)
    with pytest.raises(UndecodableKeyframe):
        KeyframeDecoder(codec).decode(keyframe[: int(len(keyframe) * kept)])


@pytest.mark.parametrize("codec", ["h264", "hevc"])
def test_decoder_recovers_after_refusing_bad_bytes(codec, h264_1080p, hevc_720p):
    clip = h264_1080p if codec == "h264" else hevc_720p
    detailed = make_detailed_keyframe(codec, 640, 360)
    decoder = KeyframeDecoder(codec)
    for bad in (detailed[: len(detailed) // 3], b"\x00\x00\x01" + bytes(range(256)), detailed[:50]):
        with pytest.raises(UndecodableKeyframe):
            decoder.decode(bad)
        frame = decoder.decode(clip.keyframes[1])
        assert (frame.width, frame.height) == (clip.width, clip.height)
        assert_colour(frame, clip.colours[1])


def test_wrong_codec_for_the_bytes_is_refused(hevc_720p):
    with pytest.raises(UndecodableKeyframe):
        KeyframeDecoder("h264").decode(hevc_720p.keyframes[0])


def test_unknown_codec_is_refused_with_the_supported_list():
    with pytest.raises(UnsupportedCodec, match="h264, hevc"):
        KeyframeDecoder("vp9")
