"""Every fact about an MP4 clip, and where its keyframes lie, from a few kilobytes of ranged reads.

probe_clip reads tail first (one batch of head and tail, a second only for a moov larger than the tail);
probe_mp4 walks the top-level boxes from the start with single reads.
"""

import operator
import struct
from dataclasses import dataclass

from libs.common.adapters.media.clip_facts import ClipFacts
from libs.common.adapters.media.clip_facts_builder import build_clip_facts, first_track
from libs.common.adapters.media.errors import ClipIncomplete, ClipUnreadable
from libs.common.adapters.media.mp4_movie import Movie, parse_movie
from libs.common.adapters.media.mp4_top_level import TopLevelIndex, read_top_level
from libs.common.adapters.media.mp4_track import Track
from libs.common.adapters.media.range_reader import BatchReader, RangeReader
from libs.common.adapters.media.tail_first import TailGuess, read_index_tail_first

__all__ = ["ClipProbe", "KeyframeRef", "RangeReader", "probe_clip", "probe_mp4"]


@dataclass(frozen=True)
class KeyframeRef:
    """One sync sample's bytes in the file and its decode time."""

    offset: int
    size: int
    time_s: float


@dataclass(frozen=True)
class ClipProbe:
    """The clip's facts plus what a thumbnailer needs to decode its keyframes."""

    facts: ClipFacts
    video_codec: str
    parameter_sets_annexb: bytes
    nal_length_size: int
    keyframes: tuple[KeyframeRef, ...]
    bytes_read: int


class _CountingReader:
    """Wraps a RangeReader and counts the bytes it returned."""

    def __init__(self, read: RangeReader) -> None:
        self._read = read
        self.bytes_read = 0

    async def read(self, offset: int, length: int) -> bytes:
        """Read through to the wrapped reader, counting what comes back."""
        data = await self._read(offset, length)
        self.bytes_read += len(data)
        return data


def _check_samples_inside_file(movie: Movie, file_size: int) -> None:
    for track in movie.tracks:
        samples = track.samples
        data_end = max(map(operator.add, samples.offsets, samples.sizes), default=0)
        if data_end > file_size:
            raise ClipIncomplete(
                f"track {track.track_id} needs data up to byte {data_end} but the file has {file_size}: it was cut off"
            )
        if min(samples.offsets, default=0) < 0:
            raise ClipUnreadable(f"corrupt track {track.track_id}: a sample offset is negative")


def _keyframes(track: Track) -> tuple[KeyframeRef, ...]:
    samples = track.samples
    starts = samples.decode_times()
    return tuple(
        KeyframeRef(samples.offsets[i], samples.sizes[i], starts[i] / track.timescale if track.timescale else 0.0)
        for i in samples.sync
    )


async def probe_mp4(read: RangeReader, size: int) -> ClipProbe:
    """Probe an MP4 of `size` bytes; raises ClipIncomplete or ClipUnreadable for clips that cannot be read."""
    if size <= 0:
        raise ClipUnreadable("empty file (0 bytes)")
    reader = _CountingReader(read)
    index = await read_top_level(reader.read, size)
    return _probe(index, size, reader.bytes_read)


async def probe_clip(clip: BatchReader, size: int, guess: TailGuess | None = None,
                     partial: bool = False) -> ClipProbe:
    """Probe an MP4 of `size` bytes tail first: head and tail in one batch, then only what they did not hold.

    `guess` (shared by the clips of one camera) sizes the tail and learns from each clip; bytes_read counts
    every byte fetched. Raises ClipIncomplete or ClipUnreadable like probe_mp4. With `partial` (the clip being
    written), a fragmented clip is probed up to its last complete fragment.
    """
    if size <= 0:
        raise ClipUnreadable("empty file (0 bytes)")
    index, bytes_read = await read_index_tail_first(clip, size, guess or TailGuess(), partial)
    return _probe(index, size, bytes_read, partial)


def _movie(index: TopLevelIndex, size: int, partial: bool) -> tuple[Movie, ClipFacts]:
    """The movie and its facts; with `partial`, fragments whose data the end of the file cuts are left out."""
    while True:
        try:
            movie = parse_movie(index, size)
            facts = build_clip_facts(movie)
        except (struct.error, IndexError, ValueError, KeyError, ZeroDivisionError, OverflowError,
                UnicodeError) as error:
            raise ClipUnreadable(f"corrupt moov box: {error}") from error
        try:
            _check_samples_inside_file(movie, size)
        except ClipIncomplete:
            if not (partial and index.fragmented and index.fragments):
                raise
            index.fragments.pop()
            index.cut_off = True
            continue
        return movie, facts


def _probe(index: TopLevelIndex, size: int, bytes_read: int, partial: bool = False) -> ClipProbe:
    """The probe of a non-empty file from its top-level index, `bytes_read` bytes having been fetched for it."""
    movie, facts = _movie(index, size, partial)
    video = first_track(movie, "vide")
    config = video.video if video is not None else None
    return ClipProbe(
        facts=facts,
        video_codec=config.codec if config is not None else "",
        parameter_sets_annexb=config.parameter_sets_annexb() if config is not None else b"",
        nal_length_size=config.nal_length_size if config is not None else 0,
        keyframes=_keyframes(video) if video is not None else (),
        bytes_read=bytes_read,
    )
