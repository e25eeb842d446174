"""A pool of image worker processes, one job each at a time: decoding and encoding on every core, off the event loop.

Each worker is `python -m services.thumbnailer.image_process` talking over its stdin and stdout. A worker that dies
or hangs fails the one job it held (ImageWorkerCrashed, which the broker retries) and is replaced on its next job;
the service and the other workers go on. Memory is bounded by the pool's size: a worker holds one job's keyframes
and one full-size picture at a time, under an address-space limit of its own.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import structlog

from services.thumbnailer.image_maker import ClipImages
from services.thumbnailer.image_messages import ImageRequest, framed, read_answer
from services.thumbnailer.imaging.errors import ImagingError

log = structlog.get_logger(__name__)

_REPO = Path(__file__).resolve().parents[2]
JOB_DEADLINE_S = 60.0  # a 10-keyframe 1080p job takes ~40 ms of CPU


class ImageWorkerCrashed(Exception):
    """The worker process making a job died or hung; the job may succeed on another try."""


class RefusedImages(ImagingError):
    """The worker could not make the images from these keyframes (they will not decode on another try either)."""


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0))


class _Worker:
    """One worker process, started on first use and again as soon as it died."""

    def __init__(self) -> None:
        """Nothing runs until the first job or start()."""
        self.process: asyncio.subprocess.Process | None = None
        self.busy = False

    async def start(self) -> asyncio.subprocess.Process:
        """The running process, started if there is none."""
        if self.process is None or self.process.returncode is not None:
            path = os.pathsep.join(filter(None, [str(_REPO), os.environ.get("PYTHONPATH")]))
            env = {**os.environ, "PYTHONPATH": path}
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "services.thumbnailer.image_process", env=env, cwd=_REPO,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, limit=2**20)
        return self.process

    async def make(self, request: ImageRequest, deadline_s: float) -> ClipImages:
        """Send one request and wait for its answer; ImageWorkerCrashed if the process dies or passes the deadline."""
        process = await self.start()
        assert process.stdin is not None and process.stdout is not None
        self.busy = True
        try:
            async with asyncio.timeout(deadline_s):
                process.stdin.write(framed(request))
                await process.stdin.drain()
                answer = await read_answer(process.stdout)
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError) as exc:
            why = "did not answer in time" if isinstance(exc, TimeoutError) else "died"
            code = await self.stop()
            log.warning("image worker process lost its job; starting another", pid=process.pid, why=why,
                        exit_code=code)
            await self.start()
            raise ImageWorkerCrashed(f"the image worker process {why} (exit code {code}) while making this job") \
                from exc
        except BaseException:  # cancelled mid-job: its answer would be read by the next job
            await self.stop()
            raise
        finally:
            self.busy = False
        if answer.images is None:
            raise RefusedImages(answer.refused or "the image worker refused the keyframes")
        return answer.images

    async def stop(self) -> int | None:
        """Kill the process (if running) and reap it; its exit code."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.returncode is None:
            process.kill()
        if process.stdin is not None:
            process.stdin.close()
        return await process.wait()

    @property
    def pid(self) -> int | None:
        """The running process's id."""
        return self.process.pid if self.process is not None and self.process.returncode is None else None


class ImageProcessPool:
    """`size` worker processes (0: one per core); make() takes the first free one, in the order jobs ask."""

    def __init__(self, size: int = 0, deadline_s: float = JOB_DEADLINE_S) -> None:
        """Nothing runs until start() or the first job."""
        self.size = size if size > 0 else cores()
        self._workers = [_Worker() for _ in range(self.size)]
        self._free: asyncio.Queue[_Worker] = asyncio.Queue()
        for worker in self._workers:
            self._free.put_nowait(worker)
        self._deadline_s = deadline_s

    async def start(self) -> None:
        """Start every worker process now, so the first jobs do not wait for them."""
        await asyncio.gather(*(worker.start() for worker in self._workers))

    async def make(self, request: ImageRequest) -> ClipImages:
        """The images of one job, made in a free worker process."""
        worker = await self._free.get()
        try:
            return await worker.make(request, self._deadline_s)
        finally:
            self._free.put_nowait(worker)

    def pids(self, busy: bool = False) -> list[int]:
        """Process ids of the running workers (busy: only of those making a job now)."""
        return [pid for worker in self._workers if (pid := worker.pid) is not None and (worker.busy or not busy)]

    async def close(self) -> None:
        """Stop every worker process."""
        await asyncio.gather(*(worker.stop() for worker in self._workers))
