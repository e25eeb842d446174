"""CPU cost of one clip's images (thumbnail + 10-frame animated preview) on one core, and where it goes.

Run: .venv/bin/python bench/bench_preview_cpu.py [--cache DIR] [--rounds N]

The keyframes are those the collector reads for a clip of the bench day (~/.cache/sdb-bench/metadata-day, 1080p30
one-minute clips, see bench_metadata_scan.py): the first keyframe plus the smallest keyframes near evenly spaced
times, within 2 % of the clip. A clip's two jobs run as an image worker process runs them (ImageMaker with one
decoder thread: the thumbnail job, then the preview job starting from the still's small picture), interleaved
round by round with the way they ran before issue 20 (two decoder threads, the first keyframe decoded by both jobs,
one-pass scaling to RGB, the encoder's default key frames) so both see the same machine load; the parts are timed
separately. Process CPU time, pinned to one core.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import av
from av.video.reformatter import ColorRange, Interpolation
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_metadata_scan import DAY, card_folder
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.media.tail_first import TailGuess
from libs.common.contracts.keyframe_pack import PackedKeyframe, pack_keyframes
from libs.common.contracts.settings import Settings
from libs.common.domain.clip_identity import ClipRef, clip_start, fingerprint
from services.collector.clip_reader import read_clip, read_keyframes
from services.thumbnailer import image_maker
from services.thumbnailer.image_maker import ImageMaker
from services.thumbnailer.imaging import animation_renderer
from services.thumbnailer.imaging.animation_renderer import encode_animation
from services.thumbnailer.imaging.frame_scaling import (
    _source_color_range,
    _source_colorspace,
    scaled_rgb_image,
    scaled_size,
)
from services.thumbnailer.imaging.image_encoding import encode_still_image
from services.thumbnailer.imaging.keyframe_decoder import KeyframeDecoder
from services.thumbnailer.imaging.still_renderer import STILL_QUALITY
from tests.flows.card_folder import CardFolder, FolderSession

PREVIEW_FRAMES = 10


def one_pass_rgb_image(frame: av.VideoFrame, width: int, height: int) -> Image.Image:
    """Scaling as it was before issue 20: straight from the full-size YUV picture to RGB in one pass."""
    small = frame.reformat(width=width, height=height, format="rgb24", src_colorspace=_source_colorspace(frame),
                           interpolation=Interpolation.AREA, src_color_range=_source_color_range(frame),
                           dst_color_range=ColorRange.JPEG)
    plane = small.planes[0]
    return Image.frombuffer("RGB", (width, height), bytes(plane), "raw", "RGB", plane.line_size, 1)


def previous_jobs(maker: ImageMaker, codec: str, pack: bytes) -> None:
    """A clip's thumbnail job and preview job as they ran before issue 20."""
    saved = image_maker.scaled_rgb_image, animation_renderer._WEBP_KMIN, animation_renderer._WEBP_KMAX
    image_maker.scaled_rgb_image, animation_renderer._WEBP_KMIN, animation_renderer._WEBP_KMAX = \
        one_pass_rgb_image, 3, 5  # Pillow's defaults for lossy WebP
    try:
        maker.make(codec, pack, False, True)
        maker.make(codec, pack, True, False)
    finally:
        image_maker.scaled_rgb_image, animation_renderer._WEBP_KMIN, animation_renderer._WEBP_KMAX = saved


def current_jobs(maker: ImageMaker, codec: str, pack: bytes) -> None:
    """A clip's thumbnail job, then its preview job from the still's small picture, as a worker process runs them."""
    still = maker.make(codec, pack, False, True)
    maker.make(codec, pack, True, False, still.first)


def interleaved_ms(before: Callable[[], object], after: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median CPU ms of two actions, run alternately."""
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for action, kept in ((before, samples[0]), (after, samples[1])):
            start = time.process_time()
            action()
            kept.append((time.process_time() - start) * 1000)
    return statistics.median(samples[0]), statistics.median(samples[1])


def cpu_ms(action: Callable[[], object], rounds: int) -> float:
    """Median process CPU milliseconds of `action`."""
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        action()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


async def clip_keyframes(card: Path, clips: int) -> list[tuple[str, list[bytes]]]:
    """(codec, Annex-B keyframes) the collector's clip reader reads for the day's first `clips` clips."""
    day = sorted((card / DAY.isoformat()).rglob("*.mp4"))[:clips]
    session, guess, read = FolderSession(CardFolder(card), "BENCH", ""), TailGuess(), []
    settings = Settings()
    for path in day:
        remote = RemoteFile(path.relative_to(card).as_posix(), path.stat().st_size, 0)
        ref = ClipRef("BENCH", DAY.isoformat(), fingerprint("BENCH", remote.path, remote.size, 0))
        start = clip_start(remote.path)
        assert start is not None
        async with session.open_clip(remote.path) as opened:
            clip = await read_clip(opened, ref, remote, start, guess)
            assert clip.probe is not None, clip.record.error
            budget = max(settings.image_read_budget_min_bytes, int(remote.size * settings.image_read_budget_pct / 100))
            images = await read_keyframes(clip, PREVIEW_FRAMES, budget)
        read.append((clip.probe.video_codec, [frame.data for frame in images.frames]))
    return read


def main() -> None:
    """Print the per-clip CPU figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "sdb-bench" / "metadata-day")
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()
    clips = asyncio.run(clip_keyframes(card_folder(options.cache), 4))
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    codec, keyframes = clips[0]
    packs = [(codec, pack_keyframes([PackedKeyframe(0.0, frame) for frame in frames])) for codec, frames in clips]
    print(f"{len(keyframes)} keyframes per clip, {sum(map(len, keyframes)) // 1024} KiB; load {os.getloadavg()[0]:.1f}")

    maker, before = ImageMaker(decoder_threads=1), ImageMaker(decoder_threads=2)
    current_jobs(maker, codec, packs[0][1])
    previous_jobs(before, codec, packs[0][1])
    thumbnail = statistics.median(cpu_ms(partial(maker.make, codec, pack, False), options.rounds)
                                  for _, pack in packs)
    pairs = [interleaved_ms(partial(previous_jobs, before, codec, pack), partial(current_jobs, maker, codec, pack),
                            options.rounds) for _, pack in packs]
    old, both = statistics.median(pair[0] for pair in pairs), statistics.median(pair[1] for pair in pairs)
    decoder = KeyframeDecoder(codec, threads=1)
    frames = [decoder.decode(frame) for frame in keyframes]
    size = scaled_size(frames[0], 320)
    images = [scaled_rgb_image(frame, *size) for frame in frames]
    parts = {
        "decode one keyframe": cpu_ms(lambda: decoder.decode(keyframes[1]), options.rounds),
        "scale one picture to 320 px RGB": cpu_ms(lambda: scaled_rgb_image(frames[1], *size), options.rounds),
        "  the same in one pass (before)": cpu_ms(lambda: one_pass_rgb_image(frames[1], *size), options.rounds),
        "still WebP of the small picture": cpu_ms(lambda: encode_still_image(images[0], "webp", STILL_QUALITY),
                                                  options.rounds),
        f"animated WebP of {len(images)} small pictures": cpu_ms(lambda: encode_animation(images), options.rounds),
    }
    print(f"thumbnail job                               {thumbnail:7.1f} ms CPU per clip")
    print(f"thumbnail job + preview job                 {both:7.1f} ms CPU per clip (before issue 20: {old:.1f})")
    for label, ms in parts.items():
        print(f"  {label:42s}{ms:7.2f} ms")
    print(f"decode floor: {len(keyframes)} keyframes x {parts['decode one keyframe']:.2f} ms = "
          f"{len(keyframes) * parts['decode one keyframe']:.1f} ms per clip")


if __name__ == "__main__":
    main()
