"""A clip opened once on the camera and read in batches of ranges, every request of a batch in flight at once."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from libs.common.adapters.camera.byte_ranges import ByteRange, check_ranges
from libs.common.adapters.camera.byte_window import ByteWindow
from libs.common.adapters.camera.camera_link import CameraLink
from libs.common.adapters.camera.card_transport import CardTransport, FileReader, RangesResult
from libs.common.adapters.camera.exec_batcher import ExecReadBatcher
from libs.common.adapters.camera.task_batch import retrieve_outcome


@dataclass
class SharedReads:
    """What the clips of one session share: the link, the byte window, the exec batcher, the bytes read."""

    link: CameraLink
    window: ByteWindow
    batcher: ExecReadBatcher
    bytes_read: int = 0
    closing: set[asyncio.Task[None]] = field(default_factory=set)


class OpenClip:
    """`async with session.open_clip(path) as clip: await clip.read_ranges([...])`.

    SFTP: the file is opened on the first batch and kept open for the next ones (one open per clip); a batch's
    ranges are merged where they touch and sent as requests all in flight on the one channel. Exec-only
    cameras: each batch joins the session's batched `dd` calls. Every batch keeps the call deadline and the
    one reconnect-retry of the link (the file is opened again on the new connection).
    """

    def __init__(self, shared: SharedReads, path: str) -> None:
        """`path` is the clip's absolute camera path, already checked to lie under the card root."""
        self.path = path
        self.bytes_read = 0
        self.batches = 0
        self._shared = shared
        self._reader: FileReader | None = None
        self._reader_on: CardTransport | None = None
        self._opening = asyncio.Lock()

    async def __aenter__(self) -> OpenClip:
        """Nothing is opened until the first batch."""
        return self

    async def __aexit__(self, *_: object) -> None:
        """Close the file on the camera (see close)."""
        self.close()

    def close(self) -> None:
        """Close the file on the camera without waiting for the answer (it is off the caller's critical path);
        a later batch opens it again."""
        reader, self._reader, self._reader_on = self._reader, None, None
        if reader is not None:
            closing = asyncio.ensure_future(reader.close())
            self._shared.closing.add(closing)
            closing.add_done_callback(self._shared.closing.discard)
            closing.add_done_callback(retrieve_outcome)

    async def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Each range's bytes (fewer only at end of file), read as one batch; raises CameraError."""
        checked = check_ranges(ranges)
        nbytes = sum(length for _, length in checked)
        if nbytes == 0:
            return [b""] * len(checked)
        link = self._shared.link
        async with self._shared.window.hold(nbytes):
            if link.transport_name == "exec":
                data, wire_bytes = await self._shared.batcher.read(self.path, checked)
            else:
                data, wire_bytes = await link.call(f"reading {self.path}", lambda card: self._read_on(card, checked))
        self.batches += 1
        self.bytes_read += wire_bytes
        self._shared.bytes_read += wire_bytes
        return data

    async def _read_on(self, card: CardTransport, ranges: Sequence[ByteRange]) -> RangesResult:
        """Read through this connection's handle of the file, opening it if this connection has none yet."""
        async with self._opening:
            if self._reader is None or self._reader_on is not card:
                self._reader, self._reader_on = await card.open_reader(self.path), card
            reader = self._reader
        return await reader.read_ranges(ranges)
