"""One MP4 of a range: the clips' indexes read from the camera (a few clips at a time) into a plan, then the planned
fragments streamed as their sample bytes arrive."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import aclosing

import structlog

from libs.common.adapters.camera.errors import CameraFileError
from libs.common.adapters.camera.session import CameraSession
from libs.common.adapters.media.errors import ClipProblem
from libs.common.adapters.media.mp4_copy_tables import ClipTables, read_clip_tables
from libs.common.contracts.records import ClipRecord
from services.gateway.export.camera_stream import read_ahead, read_exact
from services.gateway.export.clip_cut import cut_clip
from services.gateway.export.clip_selection import check_planned_size
from services.gateway.export.errors import ExportRefused
from services.gateway.export.export_plan import ExportPlan, ExportPlanner, Fragment
from services.gateway.export.export_range import ExportRange
from services.gateway.export.mp4_box_writer import mdat_header

INDEXES_IN_FLIGHT = 8
log = structlog.get_logger(__name__)


async def _tables(session: CameraSession, clip: ClipRecord) -> ClipTables:
    """A clip's tables read from the camera; 409 when the clip no longer matches the last scan."""
    try:
        return await read_clip_tables(lambda offset, length: session.read_range(clip.path, offset, length),
                                      clip.size_bytes)
    except ClipProblem as problem:
        raise ExportRefused(409, f"{clip.path} changed on the card since the last scan ({problem.message}): "
                                 f"scan the camera again") from problem
    except CameraFileError as error:
        raise ExportRefused(409, f"{clip.path} cannot be read from the card any more, it may have been recycled "
                                 f"({error}): scan the camera again") from error


async def _tables_in_order(session: CameraSession,
                           clips: list[ClipRecord]) -> AsyncIterator[tuple[ClipRecord, ClipTables]]:
    """Each clip with its tables, in clip order, with up to INDEXES_IN_FLIGHT clips being read at once."""
    waiting = deque(clips)
    running: deque[tuple[ClipRecord, asyncio.Future[ClipTables]]] = deque()

    def start_next() -> None:
        if waiting:
            clip = waiting.popleft()
            running.append((clip, asyncio.ensure_future(_tables(session, clip))))

    for _ in range(INDEXES_IN_FLIGHT):
        start_next()
    try:
        while running:
            clip, task = running.popleft()
            tables = await task
            start_next()
            yield clip, tables
    finally:
        for _, task in running:
            task.cancel()
        await asyncio.gather(*(task for _, task in running), return_exceptions=True)


async def plan_mp4(session: CameraSession, clips: list[ClipRecord], export_range: ExportRange,
                   max_bytes: int) -> ExportPlan:
    """Read the clips' indexes and lay out the file; 404 when no video falls in the range, 422 over max_bytes."""
    planner = ExportPlanner()
    added = 0
    async for clip, tables in _tables_in_order(session, clips):
        window_start = (export_range.start - clip.start).total_seconds()
        window_end = (export_range.end - clip.start).total_seconds()
        cut = cut_clip(clip.path, tables, max(window_start, 0.0), window_end)
        if cut is not None:
            planner.add(cut)
            added += 1
    if not added:
        raise ExportRefused(404, "no video frame of the clips falls inside the range")
    plan = planner.finish()
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


def _fragment_reader(session: CameraSession, fragment: Fragment) -> Callable[[], Awaitable[tuple[Fragment, bytes]]]:
    """A job reading one fragment's blocks and cutting its mdat payload out of them."""

    async def read() -> tuple[Fragment, bytes]:
        blocks = [await read_exact(session, fragment.path, offset, length) for offset, length in fragment.reads]
        return fragment, _mdat_payload(fragment, blocks)

    return read


async def stream_mp4(session: CameraSession, plan: ExportPlan) -> AsyncGenerator[bytes, None]:
    """The file: init segment, then each fragment's moof and mdat once its bytes are read."""
    yield plan.init
    jobs = (_fragment_reader(session, fragment) for fragment in plan.fragments)
    async with aclosing(read_ahead(jobs)) as fragments:
        async for fragment, payload in fragments:
            yield fragment.moof + mdat_header(len(payload))
            yield payload
