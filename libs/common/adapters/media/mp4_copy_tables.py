"""What copying a clip's samples into another MP4 needs: the prober's sample tables plus each track's raw sample
entry, composition offsets and edit shift, from the index read tail first as the prober reads it."""

import struct
from dataclasses import dataclass

from libs.common.adapters.media.errors import ClipUnreadable
from libs.common.adapters.media.mp4_boxes import (
    Box,
    find_child,
    find_path,
    full_box_header,
    iter_boxes,
    parse_box_header,
)
from libs.common.adapters.media.mp4_movie import parse_movie
from libs.common.adapters.media.mp4_track import Track
from libs.common.adapters.media.range_reader import BatchReader
from libs.common.adapters.media.tail_first import TailGuess, read_index_tail_first

_PARSE_ERRORS = (struct.error, IndexError, ValueError, KeyError, ZeroDivisionError, OverflowError, UnicodeError)


@dataclass(frozen=True)
class TrackCopy:
    """One track's samples (as the prober parsed them) and what a remuxer needs to copy them unchanged."""

    track: Track
    sample_entry: bytes
    """The raw first box of the track's stsd (e.g. 'avc1' with its avcC): codec name and decoder configuration."""
    composition_offsets: tuple[int, ...]
    """Per sample, presentation time minus decode time in track timescale units (all 0 without a ctts box)."""
    edit_shift: int
    """Media time where the track's first non-empty edit starts (track timescale); 0 without an edit list."""


@dataclass(frozen=True)
class ClipTables:
    """The audio and video tracks of one clip, ready to copy."""

    tracks: tuple[TrackCopy, ...]
    fragmented: bool

    def first(self, handler: str) -> TrackCopy | None:
        """The first track with the given handler ('vide' or 'soun') that holds samples."""
        return next((t for t in self.tracks if t.track.handler == handler and t.track.samples.sizes), None)


def _edit_shift(buf: bytes, trak: Box) -> int:
    """media_time of the first edit that is not an empty (delay) edit."""
    elst = find_path(buf, trak, "edts", "elst")
    if elst is None:
        return 0
    version, _, pos = full_box_header(buf, elst)
    (count,) = struct.unpack_from(">I", buf, pos)
    row = struct.Struct(">Qq" if version == 1 else ">Ii")
    if pos + 4 + count * row.size > elst.end:
        raise ClipUnreadable(f"corrupt elst box: {count} edits do not fit the box")
    for _, media_time in row.iter_unpack(buf[pos + 4 : pos + 4 + count * row.size]):
        if media_time >= 0:
            return int(media_time)
    return 0


def _track_id(buf: bytes, trak: Box) -> int | None:
    tkhd = find_child(buf, trak, "tkhd")
    if tkhd is None:
        return None
    version, _, pos = full_box_header(buf, tkhd)
    return int(struct.unpack_from(">I", buf, pos + (16 if version == 1 else 8))[0])


def _copy_of(buf: bytes, trak: Box, track: Track) -> TrackCopy:
    stbl = find_path(buf, trak, "mdia", "minf", "stbl")
    stsd = find_child(buf, stbl, "stsd") if stbl is not None else None
    if stbl is None or stsd is None:
        raise ClipUnreadable(f"corrupt track {track.track_id}: no stsd box")
    _, _, entries_pos = full_box_header(buf, stsd)
    entry = next(iter_boxes(buf, entries_pos + 4, stsd.end))
    return TrackCopy(
        track=track,
        sample_entry=buf[entry.start : entry.end],
        composition_offsets=tuple(track.samples.composition or [0] * len(track.samples.sizes)),
        edit_shift=_edit_shift(buf, trak),
    )


async def read_clip_tables(clip: BatchReader, size: int, guess: TailGuess) -> ClipTables:
    """The copyable tracks of an MP4 of `size` bytes, its index read tail first (one batch of head and tail, a
    second only for what they missed; `guess` is shared by one camera's clips, as the prober's);
    raises ClipIncomplete or ClipUnreadable like the prober."""
    if size <= 0:
        raise ClipUnreadable("empty file (0 bytes)")
    index, _ = await read_index_tail_first(clip, size, guess)
    try:
        movie = parse_movie(index, size)
        buf = index.moov
        moov = parse_box_header(buf, 0, len(buf))
        traks = {_track_id(buf, box): box for box in iter_boxes(buf, moov.payload, moov.end) if box.type == "trak"}
        copies = tuple(_copy_of(buf, traks[track.track_id], track) for track in movie.tracks)
    except _PARSE_ERRORS as error:
        raise ClipUnreadable(f"corrupt moov box: {error}") from error
    return ClipTables(tracks=copies, fragmented=movie.fragmented)
