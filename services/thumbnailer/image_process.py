"""One image worker process: image requests in on stdin, images out on stdout, one job at a time.

Run by the thumbnailer (`python -m services.thumbnailer.image_process`), never by hand. It runs at the lowest
priority (nice 19): it takes every cycle nobody else wants, and the collector's event loop, which hands it its jobs,
and the web server get their core at once when they need it (at nice 5 the loop lost ~25 % of a shared core to the
workers and the thumbnails waited for the card's reads; bench/bench_embedded_day.py). A worker that
dies (a decoder crash, the OOM killer, a kill) fails only the job it was making; the thumbnailer starts another.
"""

from __future__ import annotations

import os
import resource
import sys

from libs.common.contracts.keyframe_pack import BadKeyframePack
from libs.common.service.gc_tuning import tune_garbage_collector
from services.thumbnailer.image_maker import ImageMaker
from services.thumbnailer.image_messages import ImageAnswer, framed, read_request
from services.thumbnailer.imaging.errors import ImagingError

NICENESS = 19
# Address space per worker: ample for 4K keyframes (a 1080p job peaks near 250 MB), a wall against runaway streams.
MEMORY_LIMIT_BYTES = 2 * 1024**3


def serve() -> None:
    """Answer requests until stdin ends; fd 1 carries only answers (anything a library prints goes to stderr)."""
    os.nice(NICENESS)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    requests = sys.stdin.buffer
    maker = ImageMaker(decoder_threads=1)  # one process per core already
    tune_garbage_collector()
    while (request := read_request(requests)) is not None:
        try:
            images = maker.make(request.codec, request.pack, request.animation, request.still, request.first)
            answer = ImageAnswer(images=images)
        except (ImagingError, BadKeyframePack) as exc:
            answer = ImageAnswer(refused=str(exc))
        answers.write(framed(answer))
        answers.flush()


if __name__ == "__main__":
    serve()
