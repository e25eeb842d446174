"""One MP4 of a range: every clip's index read tail first from the camera (many clips in flight) into a plan, then
the planned fragments streamed as their sample bytes arrive through the same open clips."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing

import structlog

from libs.common.adapters.camera.errors import CameraFileError
from libs.common.adapters.media.errors import ClipProblem
from libs.common.adapters.media.mp4_copy_tables import ClipTables, read_clip_tables
from libs.common.adapters.media.tail_first import TailGuess
from libs.common.contracts.records import ClipRecord
from services.gateway.export.camera_stream import Piece, pieces_of, read_pieces
from services.gateway.export.clip_cut import cut_clip
from services.gateway.export.clip_selection import check_planned_size
from services.gateway.export.errors import ExportRefused
from services.gateway.export.export_clips import ExportClips
from services.gateway.export.export_plan import ExportPlan, ExportPlanner, Fragment
from services.gateway.export.export_range import ExportRange
from services.gateway.export.mp4_box_writer import mdat_header

INDEXES_IN_FLIGHT = 16  # an index is ~25 KB: enough to keep the link busy, far under the session's byte window
log = structlog.get_logger(__name__)


async def _tables(clips: ExportClips, clip: ClipRecord, guess: TailGuess) -> ClipTables:
    """A clip's tables read tail first; 409 when the clip no longer matches the last scan."""
    try:
        return await read_clip_tables(clips.clip(clip.path), clip.size_bytes, guess)
    except ClipProblem as problem:
        raise ExportRefused(409, f"{clip.path} changed on the card since the last scan ({problem.message}): "
                                 f"scan the camera again") from problem
    except CameraFileError as error:
        raise ExportRefused(409, f"{clip.path} cannot be read from the card any more, it may have been recycled "
                                 f"({error}): scan the camera again") from error


async def _tables_in_order(clips: ExportClips,
                           records: list[ClipRecord]) -> AsyncIterator[tuple[ClipRecord, ClipTables]]:
    """Each clip with its tables, in clip order, with up to INDEXES_IN_FLIGHT clips being read at once."""
    guess = TailGuess()
    waiting = deque(records)
    running: deque[tuple[ClipRecord, asyncio.Future[ClipTables]]] = deque()

    def start_next() -> None:
        if waiting:
            record = waiting.popleft()
            running.append((record, asyncio.ensure_future(_tables(clips, record, guess))))

    for _ in range(INDEXES_IN_FLIGHT):
        start_next()
    try:
        while running:
            record, task = running.popleft()
            tables = await task
            start_next()
            yield record, tables
    finally:
        for _, task in running:
            task.cancel()
        await asyncio.gather(*(task for _, task in running), return_exceptions=True)


async def plan_mp4(clips: ExportClips, records: list[ClipRecord], export_range: ExportRange,
                   max_bytes: int) -> ExportPlan:
    """Read the clips' indexes and lay out the file; 404 when no video falls in the range, 422 over max_bytes.
    The clips whose samples the file copies stay open for them (see ExportClips)."""
    planner = ExportPlanner()
    added = 0
    async for record, tables in _tables_in_order(clips, records):
        window_start = (export_range.start - record.start).total_seconds()
        window_end = (export_range.end - record.start).total_seconds()
        cut = cut_clip(record.path, tables, max(window_start, 0.0), window_end)
        clips.index_read(record.path, samples_wanted=cut is not None)
        if cut is not None:
            planner.add(cut)
            added += 1
    if not added:
        raise ExportRefused(404, "no video frame of the clips falls inside the range")
    plan = planner.finish()
    session = clips.session
    check_planned_size(plan.read_bytes + session.bytes_read, max_bytes)
    log.info("export planned", camera_id=session.camera_id, clips=added, fragments=len(plan.fragments),
             output_bytes=plan.output_bytes, index_bytes_read=session.bytes_read, media_bytes_to_read=plan.read_bytes)
    return plan


def _mdat_payload(fragment: Fragment, blocks: list[bytes]) -> bytes:
    """The fragment's samples, in mdat order, cut out of the blocks read for it."""
    view = [(offset, memoryview(block)) for (offset, _), block in zip(fragment.reads, blocks, strict=True)]
    parts, block = [], 0
    for offset, size in zip(fragment.offsets, fragment.sizes, strict=True):
        if not view[block][0] <= offset < view[block][0] + len(view[block][1]):
            block = next(i for i, (start, data) in enumerate(view) if start <= offset < start + len(data))
        start, data = view[block]
        parts.append(data[offset - start : offset - start + size])
    return b"".join(parts)


def _pieces_per_read(fragment: Fragment) -> list[list[Piece]]:
    """The pieces each of the fragment's merged reads is fetched in."""
    return [pieces_of(fragment.path, offset, length) for offset, length in fragment.reads]


async def stream_mp4(clips: ExportClips, plan: ExportPlan) -> AsyncGenerator[bytes, None]:
    """The file: init segment, then each fragment's moof and mdat once its bytes are read."""
    yield plan.init
    cut = [_pieces_per_read(fragment) for fragment in plan.fragments]
    pieces = (piece for reads in cut for read in reads for piece in read)
    async with aclosing(read_pieces(clips, pieces)) as arriving:
        for fragment, reads in zip(plan.fragments, cut, strict=True):
            blocks = [b"".join([await anext(arriving) for _ in read]) for read in reads]
            payload = _mdat_payload(fragment, blocks)
            yield fragment.moof + mdat_header(len(payload))
            yield payload
