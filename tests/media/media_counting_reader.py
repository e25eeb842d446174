"""A RangeReader over a local file that records every read, so tests can count the bytes a probe costs."""

from pathlib import Path


class CountingFileReader:
    """read(offset, length) over a file (or an in-memory copy of one), remembering each read."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.reads: list[tuple[int, int]] = []

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
