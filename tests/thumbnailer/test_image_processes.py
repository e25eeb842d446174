"""Image worker processes: images made off the service's process, a dead or hung worker fails only its own job."""

from __future__ import annotations

import asyncio
import io
import os
import signal
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path

import pytest
from PIL import Image

from libs.common.contracts.keyframe_pack import PackedKeyframe, pack_keyframes
from services.thumbnailer.image_maker import ClipImages
from services.thumbnailer.image_messages import ImageRequest
from services.thumbnailer.image_process import MEMORY_LIMIT_BYTES, NICENESS
from services.thumbnailer.image_processes import ImageProcessPool, ImageWorkerCrashed, RefusedImages
from tests.thumbnailer.keyframe_samples import make_sample_clip
from tools.local_servers.polling import eventually

COLOURS = ((230, 30, 30), (30, 200, 60), (40, 60, 220))


def request(preview: bool = True) -> ImageRequest:
    """A 640 x 360 clip's three keyframes, for a still and (by default) a preview."""
    clip = make_sample_clip("h264", 640, 360, COLOURS)
    pack = pack_keyframes([PackedKeyframe(float(index), frame) for index, frame in enumerate(clip.keyframes)])
    return ImageRequest("h264", pack, animation=preview, still=True)


@pytest.fixture
async def pool() -> AsyncIterator[ImageProcessPool]:
    """One worker process with a short job deadline, stopped after the test."""
    images = ImageProcessPool(1, deadline_s=3.0)
    await images.start()
    try:
        yield images
    finally:
        await images.close()


async def test_a_worker_process_makes_the_still_and_the_preview_and_hands_back_the_first_picture(
    pool: ImageProcessPool,
) -> None:
    images = await pool.make(request(preview=False))
    assert images.thumbnail is not None and images.preview is None
    assert images.first is not None and images.first.size == (320, 180)

    from_first = await pool.make(ImageRequest("h264", request().pack, True, False, first=images.first))
    assert from_first.preview is not None and from_first.thumbnail is None
    assert Image.open(io.BytesIO(from_first.preview)).n_frames == len(COLOURS)


async def test_worker_processes_run_below_the_service_priority_with_a_memory_limit(pool: ImageProcessPool) -> None:
    (pid,) = pool.pids()
    await pool.make(request(preview=False))  # the worker has set itself up
    assert os.getpriority(os.PRIO_PROCESS, pid) == os.getpriority(os.PRIO_PROCESS, 0) + NICENESS
    limits = Path(f"/proc/{pid}/limits").read_text().splitlines()
    address_space = next(line for line in limits if line.startswith("Max address space"))
    assert address_space.split()[3] == str(MEMORY_LIMIT_BYTES)


async def test_keyframes_that_do_not_decode_are_refused_and_the_worker_stays(pool: ImageProcessPool) -> None:
    (pid,) = pool.pids()
    garbage = pack_keyframes([PackedKeyframe(0.0, b"\x00\x00\x01" + b"\x17" * 500)])
    with pytest.raises(RefusedImages, match="cannot decode h264 keyframe"):
        await pool.make(ImageRequest("h264", garbage, False, True))
    with pytest.raises(RefusedImages, match="not a keyframe pack"):
        await pool.make(ImageRequest("h264", b"not a pack", False, True))
    assert pool.pids() == [pid]


async def test_a_worker_killed_while_holding_a_job_fails_that_job_and_the_next_job_gets_a_new_worker(
    pool: ImageProcessPool,
) -> None:
    (pid,) = pool.pids()
    await pool.make(request(preview=False))
    os.kill(pid, signal.SIGSTOP)  # it cannot answer: the job sent next is held until the kill
    job = pool.make(request())
    killer = _kill_once_busy(pool, pid)
    with pytest.raises(ImageWorkerCrashed, match="died"):
        await _together(job, killer)

    images = await pool.make(request())
    assert images.thumbnail and images.preview
    assert pool.pids() != [pid]


async def test_a_worker_that_hangs_fails_its_job_at_the_deadline_and_is_replaced(pool: ImageProcessPool) -> None:
    (pid,) = pool.pids()
    await pool.make(request(preview=False))
    os.kill(pid, signal.SIGSTOP)
    with pytest.raises(ImageWorkerCrashed, match="did not answer in time"):
        await pool.make(request())
    assert (await pool.make(request())).preview
    assert pid not in pool.pids()


async def _kill_once_busy(pool: ImageProcessPool, pid: int) -> None:
    """SIGKILL the worker once it holds a job."""

    async def holds_a_job() -> bool:
        return pool.pids(busy=True) == [pid]

    await eventually(holds_a_job, 5, "the stopped worker to be sent a job")
    os.kill(pid, signal.SIGKILL)


async def _together(job: Coroutine[None, None, ClipImages], killer: Coroutine[None, None, None]) -> None:
    """Run the job and the killer at once; the job's failure is raised."""
    outcome, killed = await asyncio.gather(job, killer, return_exceptions=True)
    if isinstance(killed, BaseException):
        raise killed
    if isinstance(outcome, BaseException):
        raise outcome
