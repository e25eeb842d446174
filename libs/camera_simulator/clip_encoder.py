"""Encode one camera-like clip with PyAV: H.264 Main yuv420p at a constant bitrate, moov at the end."""

from __future__ import annotations

import array
import math
from collections.abc import Collection
from fractions import Fraction
from pathlib import Path

import av
from av.video.frame import PictureType
from PIL import Image, ImageDraw, ImageFont

AUDIO_SAMPLE_RATE = 16_000
AUDIO_FRAME_SAMPLES = 1024
AUDIO_TONE_PERIOD = 32  # samples: 500 Hz at 16 kHz, a whole number of periods per frame


def _second_picture(width: int, height: int, second: int, seconds: float, background: tuple[int, int, int],
                    label: str) -> av.VideoFrame:
    """The picture shown during one second: a bar that moves across and a running clock."""
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    bar_x = int(second * width / max(seconds, 1.0))
    draw.rectangle([bar_x, 0, bar_x + width // 10, height], fill=(230, 200, 40))
    font = ImageFont.load_default(size=max(height // 8, 10))
    draw.text((width // 20, height // 3), f"{label} +{second:02d}s", fill=(255, 255, 255), font=font)
    frame: av.VideoFrame = av.VideoFrame.from_image(image)  # type: ignore[no-untyped-call]
    return frame.reformat(format="yuv420p")


def _tone_frame(samples: int, pts: int) -> av.AudioFrame:
    """A quiet 500 Hz mono tone frame."""
    tone = array.array(
        "h", (int(2000 * math.sin(2 * math.pi * k / AUDIO_TONE_PERIOD)) for k in range(samples))
    )
    frame = av.AudioFrame(format="s16", layout="mono", samples=samples)
    frame.planes[0].update(tone.tobytes())
    frame.sample_rate = AUDIO_SAMPLE_RATE
    frame.pts = pts
    return frame


def encode_clip(
    path: Path,
    *,
    width: int,
    height: int,
    fps: int,
    seconds: float,
    bitrate_kbps: int,
    audio: bool,
    background: tuple[int, int, int],
    label: str,
    keyframe_every_s: float = 1.0,
    dropped: Collection[int] = (),
) -> None:
    """Write an MP4 with a keyframe every keyframe_every_s seconds, CBR video and optional AAC 16 kHz mono audio.

    Frames whose index is in `dropped` are left out and the others keep their timestamps, as a camera that
    drops frames writes them.
    """
    keyframe_frames = max(round(keyframe_every_s * fps), 1)
    with av.open(str(path), "w", format="mp4") as container:
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.bit_rate = bitrate_kbps * 1000
        video.options = {
            "profile": "main",
            "preset": "veryfast",
            "g": str(keyframe_frames),
            "keyint_min": str(keyframe_frames),
            "sc_threshold": "0",
            "forced-idr": "1",
            "x264-params": f"nal-hrd=cbr:vbv-maxrate={bitrate_kbps}:vbv-bufsize={bitrate_kbps}",
        }
        sound = container.add_stream("aac", rate=AUDIO_SAMPLE_RATE) if audio else None
        if sound is not None:
            sound.layout = "mono"
            sound.bit_rate = 32_000
        total_frames = max(round(seconds * fps), 1)
        total_samples = round(seconds * AUDIO_SAMPLE_RATE)
        next_sample = 0
        for second in range(math.ceil(total_frames / fps)):
            picture = _second_picture(width, height, second, seconds, background, label)
            picture.time_base = Fraction(1, fps)
            for index in range(second * fps, min((second + 1) * fps, total_frames)):
                if index in dropped:
                    continue
                picture.pts = index
                picture.pict_type = PictureType.I if index % keyframe_frames == 0 else PictureType.NONE
                container.mux(video.encode(picture))
            while sound is not None and next_sample < min(total_samples, (second + 1) * AUDIO_SAMPLE_RATE):
                samples = min(AUDIO_FRAME_SAMPLES, total_samples - next_sample)
                container.mux(sound.encode(_tone_frame(samples, next_sample)))
                next_sample += samples
        container.mux(video.encode(None))
        if sound is not None:
            container.mux(sound.encode(None))
