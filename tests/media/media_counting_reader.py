"""A RangeReader (and BatchReader) over a local file that records every read, so tests can count what a probe costs."""

from collections.abc import Sequence
from pathlib import Path


class CountingFileReader:
    """read(offset, length) and read_ranges([...]) over a file (or an in-memory copy), remembering each read and
    each batch (a batch is one round trip on a camera)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.reads: list[tuple[int, int]] = []
        self.batches: list[list[tuple[int, int]]] = []

    @classmethod
    def of_file(cls, path: Path) -> "CountingFileReader":
        """A reader over the bytes of path."""
        return cls(path.read_bytes())

    @property
    def size(self) -> int:
        """The size of the file being read."""
        return len(self._data)

    @property
    def bytes_read(self) -> int:
        """Total bytes returned so far."""
        return sum(length for _, length in self.reads)

    async def read(self, offset: int, length: int) -> bytes:
        """Up to length bytes at offset (fewer only at the end of the file)."""
        assert offset >= 0 and length >= 0, f"bad read({offset}, {length})"
        data = self._data[offset : offset + length]
        self.reads.append((offset, len(data)))
        return data

    async def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Each range's bytes, counted as one batch."""
        self.batches.append(list(ranges))
        return [await self.read(offset, length) for offset, length in ranges]
