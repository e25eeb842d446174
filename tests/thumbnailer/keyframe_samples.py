"""Make small solid-colour H.264/HEVC clips in memory and cut them into Annex-B keyframes, as the prober does."""

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import av
from av.video.reformatter import ColorRange, Colorspace
from av.video.stream import VideoStream
from PIL import Image

Rgb = tuple[int, int, int]

_ENCODERS = {"h264": "libx264", "hevc": "libx265"}
_ANNEXB_FILTERS = {"h264": "h264_mp4toannexb", "hevc": "hevc_mp4toannexb"}
_ENCODER_OPTIONS = {
    "h264": {"preset": "superfast", "profile": "main"},
    "hevc": {"preset": "superfast", "x265-params": "log-level=error"},
}
_AVCOL_RANGE_JPEG = 2
_HD_MIN_HEIGHT = 720


@dataclass(frozen=True)
class SampleClip:
    """A clip whose every GOP is one solid colour, and the Annex-B bytes of each of its keyframes."""

    codec: str
    width: int
    height: int
    colours: tuple[Rgb, ...]
    keyframes: tuple[bytes, ...]


@lru_cache(maxsize=16)
def make_sample_clip(
    codec: str, width: int, height: int, colours: tuple[Rgb, ...], fps: int = 30, full_range: bool = False
) -> SampleClip:
    """Encode one GOP (g = fps) per colour into an MP4, then demux its keyframes to Annex-B bytes."""
    pictures = [Image.new("RGB", (width, height), colour) for colour in colours]
    mp4 = _encode_mp4(codec, pictures, fps, full_range)
    return SampleClip(codec, width, height, colours, tuple(_annexb_keyframes(codec, mp4)))


@lru_cache(maxsize=4)
def make_detailed_keyframe(codec: str, width: int, height: int) -> bytes:
    """Annex-B bytes of one keyframe full of fine detail (a Mandelbrot set), so its slice data is large."""
    detail = Image.effect_mandelbrot((width, height), (-2.0, -1.2, 1.0, 1.2), 100).convert("RGB")
    return _annexb_keyframes(codec, _encode_mp4(codec, [detail], fps=1, full_range=False))[0]


def _encode_mp4(codec: str, pictures: list[Image.Image], fps: int, full_range: bool) -> bytes:
    """An in-memory MP4 (length-prefixed NAL units, parameter sets in avcC/hvcC), one GOP per picture."""
    width, height = pictures[0].size
    colour_range = ColorRange.JPEG if full_range else ColorRange.MPEG
    # The streams carry no colour description, so use the matrix players assume for their size.
    matrix = Colorspace.ITU709 if height >= _HD_MIN_HEIGHT else Colorspace.ITU601
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = cast(VideoStream, container.add_stream(_ENCODERS[codec], rate=fps))
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.codec_context.gop_size = fps
        stream.codec_context.options = dict(_ENCODER_OPTIONS[codec])
        if full_range:
            stream.codec_context.color_range = _AVCOL_RANGE_JPEG
        for gop, image in enumerate(pictures):
            rgb = av.VideoFrame.from_image(image)  # type: ignore[no-untyped-call]
            picture = rgb.reformat(format="yuv420p", dst_colorspace=matrix, dst_color_range=colour_range)
            for index in range(fps):
                picture.pts = gop * fps + index
                container.mux(stream.encode(picture))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def _annexb_keyframes(codec: str, mp4: bytes) -> list[bytes]:
    """Each keyframe of the MP4 as parameter sets + its NAL units, all with Annex-B start codes."""
    keyframes: list[bytes] = []
    with av.open(io.BytesIO(mp4), "r") as container:
        stream = container.streams.video[0]
        to_annexb = av.BitStreamFilterContext(_ANNEXB_FILTERS[codec], stream)
        for packet in container.demux(stream):
            if packet.size and packet.is_keyframe:
                keyframes.extend(bytes(converted) for converted in to_annexb.filter(packet))
    return keyframes
