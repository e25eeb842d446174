"""Benchmark the thumbnailer's image engine on 1080p H.264 keyframes: decode, still, animation, throughput.

Run: .venv/bin/python bench/bench_keyframe_decode.py
"""

import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import av
from av.video.frame import PictureType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.thumbnailer.imaging.animation_renderer import render_animation
from services.thumbnailer.imaging.keyframe_decoder import KeyframeDecoder
from services.thumbnailer.imaging.still_renderer import render_still

# Camera-like content: detailed test pattern plus sensor noise, H.264 Main, one keyframe per second.
_SOURCE = "testsrc2=size=1920x1080:rate=30,noise=alls=10:allf=t"
_SECONDS = 10
_ROUNDS = 20


def camera_like_keyframes() -> list[bytes]:
    """Annex-B keyframes (parameter sets + IDR) of a 10 s 1080p30 H.264 Main clip made in memory."""
    mp4 = io.BytesIO()
    with av.open(_SOURCE, format="lavfi") as source, av.open(mp4, "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 1920, 1080, "yuv420p"
        stream.codec_context.gop_size = 30
        stream.codec_context.options = {"preset": "veryfast", "profile": "main", "b": "1500k"}
        for index, frame in enumerate(source.decode(video=0)):
            if index == 30 * _SECONDS:
                break
            frame.pts = index
            frame.pict_type = PictureType.NONE  # let the encoder place keyframes every gop_size frames
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    keyframes: list[bytes] = []
    with av.open(io.BytesIO(mp4.getvalue()), "r") as clip:
        video = clip.streams.video[0]
        to_annexb = av.BitStreamFilterContext("h264_mp4toannexb", video)
        for packet in clip.demux(video):
            if packet.size and packet.is_keyframe:
                keyframes.extend(bytes(converted) for converted in to_annexb.filter(packet))
    return keyframes


def median_ms(
    action: Callable[[], object], rounds: int = _ROUNDS, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Median milliseconds of `action` over `rounds` runs, measured with `clock`."""
    samples = []
    for _ in range(rounds):
        start = clock()
        action()
        samples.append((clock() - start) * 1000)
    return statistics.median(samples)


def animate(decoder: KeyframeDecoder, keyframes: list[bytes], fmt: str) -> bytes:
    """Decode `keyframes` and render them as one animated preview."""
    return render_animation([decoder.decode(keyframe) for keyframe in keyframes], fmt=fmt)


def main() -> None:
    """Print the image engine's speed figures."""
    keyframes = camera_like_keyframes()
    sizes = sorted(len(keyframe) for keyframe in keyframes)
    print(f"{len(keyframes)} keyframes, {sizes[0] // 1024}-{sizes[-1] // 1024} KiB, {os.cpu_count()} CPUs")

    for label, decoder in (
        ("2 slice threads (default)", KeyframeDecoder("h264")),
        ("1 thread", KeyframeDecoder("h264", threads=1)),
        ("1 thread, lenient", KeyframeDecoder("h264", threads=1, strict=False)),
    ):
        ms = statistics.median(median_ms(partial(decoder.decode, keyframe)) for keyframe in keyframes)
        print(f"decode 1080p keyframe, {label:26s} {ms:6.2f} ms")

    decoder = KeyframeDecoder("h264")
    frames = [decoder.decode(keyframe) for keyframe in keyframes]
    for fmt in ("webp", "jpeg"):
        still_ms = median_ms(partial(render_still, frames[0], fmt=fmt))
        print(f"still 320 px {fmt} (scale + encode)          {still_ms:6.2f} ms")
    thumbnail_ms = median_ms(lambda: render_still(decoder.decode(keyframes[0])))
    print(f"keyframe -> 320 px webp, end to end         {thumbnail_ms:6.2f} ms")

    for fmt in ("webp", "gif"):
        cpu_ms = median_ms(partial(animate, decoder, keyframes[:10], fmt), 5, time.process_time)
        print(f"10 keyframes -> animated {fmt}, CPU time      {cpu_ms:6.2f} ms")

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    single = KeyframeDecoder("h264", threads=1)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < 3.0:
        render_still(single.decode(keyframes[count % len(keyframes)]))
        count += 1
    print(f"thumbnails/s on one core (decode + webp)    {count / (time.perf_counter() - start):6.0f}")


if __name__ == "__main__":
    main()
