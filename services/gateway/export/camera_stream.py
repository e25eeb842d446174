"""Reading an export from the camera while it streams: exact ranged reads, the next read already running while the
previous one is sent, and a camera failure turned into an interrupted answer that is logged with the camera id."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable
from contextlib import aclosing
from typing import Any, TypeVar

import structlog

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.session import CameraSession
from services.gateway.export.errors import ExportInterrupted

log = structlog.get_logger(__name__)
Result = TypeVar("Result")
READS_AHEAD = 2
READ_MAX_BYTES = 4 * 1024 * 1024  # the most one SFTP read may ask for (asyncssh refuses larger answers)


async def read_exact(session: CameraSession, path: str, offset: int, length: int) -> bytes:
    """`length` bytes at `offset` of a card file, in requests of at most READ_MAX_BYTES; ExportInterrupted when the
    file is shorter than the scan said."""
    parts = []
    for start in range(offset, offset + length, READ_MAX_BYTES):
        wanted = min(READ_MAX_BYTES, offset + length - start)
        data = await session.read_range(path, start, wanted)
        if len(data) != wanted:
            raise ExportInterrupted(f"{path} ends at byte {start + len(data)}, before byte {offset + length} that "
                                    f"the last scan saw: it changed on the card")
        parts.append(data)
    return b"".join(parts)


def _forget(task: asyncio.Future[Any]) -> None:
    """Cancel an abandoned read and retrieve its outcome so asyncio does not report it."""
    task.cancel()
    task.add_done_callback(lambda done: done.cancelled() or done.exception())


async def read_ahead(jobs: Iterable[Callable[[], Awaitable[Result]]],
                     depth: int = READS_AHEAD) -> AsyncGenerator[Result, None]:
    """Each job's result in order, with up to `depth` later jobs already running while the caller handles one: the
    camera answers one request after the other, so this only hides round trips, never outruns the link."""
    queue = iter(jobs)
    pending: deque[asyncio.Future[Result]] = deque()

    def start_next() -> None:
        job = next(queue, None)
        if job is not None:
            pending.append(asyncio.ensure_future(job()))

    try:
        for _ in range(depth):
            start_next()
        while pending:
            result = await pending.popleft()
            start_next()
            yield result
    finally:
        for task in pending:
            _forget(task)


async def guarded(chunks: AsyncGenerator[bytes, None], session: CameraSession, what: str) -> AsyncIterator[bytes]:
    """Pass the chunks on; a camera failure or changed clip is logged and raised as ExportInterrupted, so the HTTP
    answer is aborted instead of ending like a complete file."""
    started, sent = time.monotonic(), 0
    async with aclosing(chunks):
        try:
            async for chunk in chunks:
                sent += len(chunk)
                yield chunk
        except (GeneratorExit, asyncio.CancelledError):
            log.info("export stopped by the client", camera_id=session.camera_id, export=what, bytes_sent=sent)
            raise
        except (CameraError, ExportInterrupted) as error:
            log.error("export interrupted", camera_id=session.camera_id, export=what, bytes_sent=sent,
                      bytes_read=session.bytes_read, reason=str(error))
            raise ExportInterrupted(f"export of camera {session.camera_id} interrupted after {sent} bytes: "
                                    f"{error}") from error
    log.info("export finished", camera_id=session.camera_id, export=what, bytes_sent=sent,
             bytes_read=session.bytes_read, seconds=round(time.monotonic() - started, 3))
