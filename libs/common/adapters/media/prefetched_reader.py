"""A RangeReader over a batch reader that keeps what it fetched, so the box walk reads each byte at most once."""

from collections.abc import Sequence

from libs.common.adapters.media.range_reader import BatchReader


class PrefetchedReader:
    """Serves reads from bytes already fetched (the first batch: head and tail) and fetches only what is missing."""

    def __init__(self, batch: BatchReader, file_size: int) -> None:
        """Read the file of `file_size` bytes through `batch`."""
        self._batch = batch
        self._size = file_size
        self._held: list[tuple[int, bytes]] = []
        self.bytes_read = 0
        self.batches = 0

    async def prefetch(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Fetch `ranges` in one batch and keep them."""
        await self._fetch([(offset, length) for offset, length in ranges if length > 0])

    async def read(self, offset: int, length: int) -> bytes:
        """`length` bytes at `offset` (fewer only at end of file), fetching in one batch what is not held."""
        end = min(offset + length, self._size)
        if offset >= end:
            return b""
        await self._fetch(self._missing(offset, end))
        return b"".join(self._held_piece(position, end) for position in self._piece_starts(offset, end))

    async def _fetch(self, ranges: list[tuple[int, int]]) -> None:
        """Read ranges in one batch and keep what came back."""
        if not ranges:
            return
        answers = await self._batch.read_ranges(ranges)
        self.batches += 1
        for (offset, _), data in zip(ranges, answers, strict=True):
            self.bytes_read += len(data)
            if data:
                self._held.append((offset, data))

    def _covering(self, position: int) -> tuple[int, bytes] | None:
        """The held piece that contains `position`, if any."""
        return next(((start, data) for start, data in self._held if start <= position < start + len(data)), None)

    def _next_held_start(self, position: int) -> int | None:
        """Where the first held piece after `position` starts."""
        return min((start for start, _ in self._held if start > position), default=None)

    def _missing(self, offset: int, end: int) -> list[tuple[int, int]]:
        """The gaps of offset..end not held."""
        gaps = []
        position = offset
        while position < end:
            held = self._covering(position)
            if held is not None:
                position = held[0] + len(held[1])
                continue
            gap_end = min(end, self._next_held_start(position) or end)
            gaps.append((position, gap_end - position))
            position = gap_end
        return gaps

    def _piece_starts(self, offset: int, end: int) -> list[int]:
        """Positions where consecutive held pieces take over, from offset up to end (or a short end of file)."""
        starts, position = [], offset
        while position < end and (held := self._covering(position)) is not None:
            starts.append(position)
            position = held[0] + len(held[1])
        return starts

    def _held_piece(self, position: int, end: int) -> bytes:
        """The held bytes from `position` up to `end` or the end of the piece holding it."""
        held = self._covering(position)
        assert held is not None
        start, data = held
        return data[position - start : end - start]
