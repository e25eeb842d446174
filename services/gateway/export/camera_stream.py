"""Reading an export from the camera while it streams: exact pieces of its clips through one open per clip, the
next pieces already in flight while one is sent, and a camera failure turned into an interrupted answer that is
logged with the camera id."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.session import CameraSession
from services.gateway.export.errors import ExportInterrupted
from services.gateway.export.export_clips import ExportClips

log = structlog.get_logger(__name__)
Result = TypeVar("Result")
PIECE_BYTES = 1024 * 1024  # two fit the session's 2 MiB byte window; far under asyncssh's 4 MiB answer limit
PIECES_AHEAD = 3


@dataclass(frozen=True)
class Piece:
    """`length` bytes at `offset` of the card file `path`: one batch of pipelined requests on the clip's handle."""

    path: str
    offset: int
    length: int


def pieces_of(path: str, offset: int, length: int) -> list[Piece]:
    """A byte range of a clip cut into pieces of at most PIECE_BYTES."""
    return [Piece(path, start, min(PIECE_BYTES, offset + length - start))
            for start in range(offset, offset + length, PIECE_BYTES)]


def _forget(task: asyncio.Future[Any]) -> None:
    """Cancel an abandoned read and retrieve its outcome so asyncio does not report it."""
    task.cancel()
    task.add_done_callback(lambda done: done.cancelled() or done.exception())


async def read_ahead(jobs: Iterable[Callable[[], Awaitable[Result]]],
                     depth: int = PIECES_AHEAD) -> AsyncGenerator[Result, None]:
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


def _piece_reader(clips: ExportClips, piece: Piece, last: bool) -> Callable[[], Awaitable[tuple[Piece, bool, bytes]]]:
    """A job reading one piece exactly (ExportInterrupted when the file is shorter than the scan said); its answer
    carries the piece and whether it is the last of its clip."""

    async def read() -> tuple[Piece, bool, bytes]:
        (data,) = await clips.clip(piece.path).read_ranges([(piece.offset, piece.length)])
        if len(data) != piece.length:
            raise ExportInterrupted(f"{piece.path} ends at byte {piece.offset + len(data)}, before byte "
                                    f"{piece.offset + piece.length} that the last scan saw: it changed on the card")
        return piece, last, data

    return read


async def read_pieces(clips: ExportClips, pieces: Iterable[Piece]) -> AsyncGenerator[bytes, None]:
    """Each piece's bytes in order (a clip's pieces one after the other), PIECES_AHEAD pieces in flight; a clip is
    closed on the camera once its last piece is in."""
    marked = itertools.pairwise(itertools.chain(pieces, [None]))
    jobs = (_piece_reader(clips, piece, later is None or later.path != piece.path)
            for piece, later in marked if piece is not None)
    async with aclosing(read_ahead(jobs)) as answers:
        async for piece, last, data in answers:
            if last:
                clips.close(piece.path)
            yield data


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
