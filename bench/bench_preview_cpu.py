"""CPU cost of one clip's images (thumbnail + 10-frame animated preview) on one core, and where it goes.

Run: .venv/bin/python bench/bench_preview_cpu.py [--cache DIR] [--rounds N]

The keyframes are those the collector reads for a clip of the bench day (~/.cache/sdb-bench/metadata-day, 1080p30
one-minute clips, see bench_metadata_scan.py): the first keyframe plus the smallest keyframes near evenly spaced
times, within 2 % of the clip. ImageMaker.make runs exactly as a thumbnailer replica runs it, interleaved round by
round with the way it worked before issue 10 (every picture kept, the first scaled twice, animated WebP method 2)
so both see the same machine load; the parts are timed separately with the same image engine functions. Process
CPU time, pinned to one core.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_metadata_scan import DAY, card_folder
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.media.tail_first import TailGuess
from libs.common.contracts.keyframe_pack import PackedKeyframe, pack_keyframes, unpack_keyframes
from libs.common.contracts.settings import Settings
from libs.common.domain.clip_identity import ClipRef, clip_start, fingerprint
from services.collector.clip_reader import read_clip, read_keyframes
from services.thumbnailer.image_maker import ImageMaker
from services.thumbnailer.imaging import animation_renderer
from services.thumbnailer.imaging.animation_renderer import render_animation
from services.thumbnailer.imaging.frame_scaling import scaled_rgb_image, scaled_size
from services.thumbnailer.imaging.keyframe_decoder import KeyframeDecoder
from services.thumbnailer.imaging.still_renderer import render_still
from tests.flows.card_folder import CardFolder, FolderSession

PREVIEW_FRAMES = 10


def previous_make(decoder: KeyframeDecoder, pack: bytes) -> None:
    """Thumbnail and preview the way ImageMaker.make made them before issue 10."""
    keyframes = unpack_keyframes(pack)
    first = decoder.decode(keyframes[0].data)
    render_still(first)
    frames = [first, *(decoder.decode(keyframe.data) for keyframe in keyframes[1:])]
    fast_method, animation_renderer._WEBP_METHOD = animation_renderer._WEBP_METHOD, 2
    try:
        render_animation(frames)
    finally:
        animation_renderer._WEBP_METHOD = fast_method


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

    maker = ImageMaker()
    maker.make(codec, packs[0][1], True)
    thumbnail = statistics.median(cpu_ms(lambda p=pack: maker.make(codec, p, False), options.rounds)
                                  for _, pack in packs)
    decoder = KeyframeDecoder(codec)
    pairs = [interleaved_ms(lambda p=pack: previous_make(decoder, p), lambda p=pack: maker.make(codec, p, True),
                            options.rounds) for _, pack in packs]
    before, both = statistics.median(pair[0] for pair in pairs), statistics.median(pair[1] for pair in pairs)
    frames = [decoder.decode(frame) for frame in keyframes]
    size = scaled_size(frames[0], 320)
    parts = {
        "decode one keyframe": cpu_ms(lambda: decoder.decode(keyframes[1]), options.rounds),
        "scale one frame to 320 px": cpu_ms(lambda: scaled_rgb_image(frames[1], *size), options.rounds),
        "still: scale + WebP": cpu_ms(lambda: render_still(frames[0]), options.rounds),
        f"animation: scale + WebP of {len(frames)} frames": cpu_ms(lambda: render_animation(frames), options.rounds),
    }
    print(f"ImageMaker.make, thumbnail only           {thumbnail:7.1f} ms CPU per clip")
    print(f"ImageMaker.make, thumbnail + preview      {both:7.1f} ms CPU per clip (before issue 10: {before:.1f})")
    for label, ms in parts.items():
        print(f"  {label:40s}{ms:7.2f} ms")


if __name__ == "__main__":
    main()
