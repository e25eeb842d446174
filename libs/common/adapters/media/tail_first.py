"""Reading a camera clip's index tail first: where the moov probably is (learned from clips already read), and the
top-level index read in one batch of head and tail, a second only for what they did not hold."""

from collections import deque

from libs.common.adapters.media.mp4_top_level import TopLevelIndex, read_top_level
from libs.common.adapters.media.prefetched_reader import PrefetchedReader
from libs.common.adapters.media.range_reader import BatchReader

FACTS_BUDGET_BYTES = 64 * 1024
HEAD_BYTES = 512
FIRST_TAIL_BYTES = 16 * 1024
MAX_TAIL_BYTES = FACTS_BUDGET_BYTES - HEAD_BYTES
TAIL_MARGIN_BYTES = 256
REMEMBERED_CLIPS = 16


class TailGuess:
    """The head (box headers up to the media data) and the tail (the moov, written last by cameras) to read first.

    The tail starts at FIRST_TAIL_BYTES and then follows what the last clips of the camera needed (their
    largest index plus a small margin): clips of one camera have near-equal moov sizes, so most clips get all
    their facts in one batch without reading much media data. Head plus tail stay within the 64 KiB budget.
    Share one guess between the clips of a scan.
    """

    def __init__(self) -> None:
        """No clip seen yet."""
        self._tails: deque[int] = deque(maxlen=REMEMBERED_CLIPS)

    @property
    def tail_bytes(self) -> int:
        """How much of a clip's end the next probe reads first."""
        if not self._tails:
            return FIRST_TAIL_BYTES
        return min(MAX_TAIL_BYTES, max(self._tails) + TAIL_MARGIN_BYTES)

    def first_reads(self, file_size: int) -> list[tuple[int, int]]:
        """The head and tail ranges of a file of `file_size` bytes (the whole file when they would meet)."""
        tail = self.tail_bytes
        if file_size <= HEAD_BYTES + tail:
            return [(0, file_size)]
        return [(0, HEAD_BYTES), (file_size - tail, tail)]

    def learn(self, file_size: int, index_offset: int) -> None:
        """Remember how far from the end a probed clip's moov started (0 when it was not in the second half)."""
        self._tails.append(file_size - index_offset if index_offset >= file_size // 2 else 0)


async def read_index_tail_first(clip: BatchReader, size: int, guess: TailGuess,
                                partial: bool = False) -> tuple[TopLevelIndex, int]:
    """The top-level index of a non-empty MP4 of `size` bytes and the bytes fetched for it: head and tail in one
    batch, then only what they did not hold (a moov larger than the tail, or at the start); `guess` learns where
    this clip's moov was. Raises ClipIncomplete or ClipUnreadable for clips without a readable index (with
    `partial`, a fragmented clip being written gives the index of its complete boxes)."""
    reader = PrefetchedReader(clip, size)
    await reader.prefetch(guess.first_reads(size))
    index = await read_top_level(reader.read, size, FACTS_BUDGET_BYTES - reader.bytes_read, partial)
    guess.learn(size, index.moov_offset)
    return index, reader.bytes_read
