"""The original clip files of a range as one zip, streamed: stored (no compression), sizes and CRCs in data
descriptors after each file, zip64 where sizes or offsets need it; the standard library's zipfile writes the format."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import AsyncGenerator
from contextlib import aclosing
from datetime import UTC, datetime

from libs.common.contracts.records import ClipRecord
from services.gateway.export.camera_stream import pieces_of, read_pieces
from services.gateway.export.export_clips import ExportClips

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


async def stream_zip(clips: ExportClips, records: list[ClipRecord]) -> AsyncGenerator[bytes, None]:
    """The archive, each clip opened once and read in pieces, the next pieces already on their way."""
    pipe = _Pipe()
    cut = [pieces_of(record.path, 0, record.size_bytes) for record in records]
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        async with aclosing(read_pieces(clips, itertools.chain.from_iterable(cut))) as arriving:
            for record, pieces in zip(records, cut, strict=True):
                with archive.open(_entry(record), "w") as entry:
                    yield pipe.take()
                    for _ in pieces:
                        entry.write(await anext(arriving))
                        yield pipe.take()
    yield pipe.take()
