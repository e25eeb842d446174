"""The original clip files of a range as one zip, streamed: stored (no compression), sizes and CRCs in data
descriptors after each file, zip64 where sizes or offsets need it; the standard library's zipfile writes the format."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from datetime import UTC, datetime

from libs.common.adapters.camera.session import CameraSession
from libs.common.contracts.records import ClipRecord
from services.gateway.export.camera_stream import read_ahead, read_exact

READ_BYTES = 4 * 1024 * 1024
_ZIP_YEARS = (1980, 2107)


class _Pipe(io.RawIOBase):
    """A write-only, unseekable file that keeps what zipfile wrote until it is taken."""

    def __init__(self) -> None:
        """Start empty."""
        super().__init__()
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        """zipfile writes to it."""
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        """Keep a copy of the bytes."""
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        """Everything written since the last take."""
        data, self._parts = b"".join(self._parts), []
        return data


def _entry(clip: ClipRecord) -> zipfile.ZipInfo:
    """The zip entry of a clip: its card path, its mtime (clamped to what zip can say), stored."""
    moment = datetime.fromtimestamp(clip.mtime, UTC)
    year = min(max(moment.year, _ZIP_YEARS[0]), _ZIP_YEARS[1])
    info = zipfile.ZipInfo(clip.path, (year, moment.month, moment.day, moment.hour, moment.minute, moment.second))
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = clip.size_bytes
    return info


def _chunk_reader(session: CameraSession, path: str, offset: int, length: int) -> Callable[[], Awaitable[bytes]]:
    async def read() -> bytes:
        return await read_exact(session, path, offset, length)

    return read


async def stream_zip(session: CameraSession, clips: list[ClipRecord]) -> AsyncGenerator[bytes, None]:
    """The archive, each clip read in READ_BYTES pieces with the next piece already on its way."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for clip in clips:
            jobs = (_chunk_reader(session, clip.path, offset, min(READ_BYTES, clip.size_bytes - offset))
                    for offset in range(0, clip.size_bytes, READ_BYTES))
            with archive.open(_entry(clip), "w") as entry:
                yield pipe.take()
                async with aclosing(read_ahead(jobs)) as chunks:
                    async for chunk in chunks:
                        entry.write(chunk)
                        yield pipe.take()
    yield pipe.take()
