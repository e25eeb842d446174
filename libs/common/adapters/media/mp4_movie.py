"""The movie inside a moov box (plus its fragments): timescale, duration and tracks with their samples."""

import struct
from dataclasses import dataclass

from libs.common.adapters.media.audio_sample_entry import parse_audio_sample_entry
from libs.common.adapters.media.errors import ClipUnreadable
from libs.common.adapters.media.mp4_boxes import (
    Box,
    find_child,
    find_path,
    full_box_header,
    iter_boxes,
    parse_box_header,
)
from libs.common.adapters.media.mp4_fragments import append_fragment_samples, parse_trex
from libs.common.adapters.media.mp4_sample_table import parse_sample_table
from libs.common.adapters.media.mp4_top_level import TopLevelIndex
from libs.common.adapters.media.mp4_track import Track, TrackSamples
from libs.common.adapters.media.video_sample_entry import parse_video_sample_entry


@dataclass(frozen=True)
class Movie:
    """A parsed movie: its own duration (0 when unknown) and its tracks."""

    duration_s: float
    tracks: tuple[Track, ...]
    fragmented: bool


def _timescale_and_duration(buf: bytes, box: Box) -> tuple[int, int]:
    """(timescale, duration) of an mvhd or mdhd box."""
    version, _, pos = full_box_header(buf, box)
    if version == 1:
        timescale, duration = struct.unpack_from(">IQ", buf, pos + 16)
    else:
        timescale, duration = struct.unpack_from(">II", buf, pos + 8)
    return int(timescale), int(duration)


def _edit_duration_s(buf: bytes, trak: Box, movie_timescale: int) -> float | None:
    """The total duration of a track's non-empty edits, in seconds, if it has an edit list."""
    elst = find_path(buf, trak, "edts", "elst")
    if elst is None or not movie_timescale:
        return None
    version, _, pos = full_box_header(buf, elst)
    (count,) = struct.unpack_from(">I", buf, pos)
    row = struct.Struct(">QqI" if version == 1 else ">IiI")  # segment duration, media time, media rate
    pos += 4
    if pos + count * row.size > elst.end:
        raise ClipUnreadable(f"corrupt elst box: {count} edits do not fit the box")
    total = 0
    for segment_duration, media_time, _ in row.iter_unpack(buf[pos : pos + count * row.size]):
        if media_time != -1:
            total += segment_duration
    return total / movie_timescale if total else None


def _parse_track(buf: bytes, trak: Box, movie_timescale: int, file_size: int) -> Track | None:
    """One trak box as a Track; None for tracks that are neither video nor audio."""
    tkhd = find_child(buf, trak, "tkhd")
    mdia = find_child(buf, trak, "mdia")
    if tkhd is None or mdia is None:
        raise ClipUnreadable("corrupt trak box: no tkhd or mdia box")
    hdlr, mdhd = find_child(buf, mdia, "hdlr"), find_child(buf, mdia, "mdhd")
    stbl = find_path(buf, mdia, "minf", "stbl")
    if hdlr is None or mdhd is None or stbl is None:
        raise ClipUnreadable("corrupt trak box: no hdlr, mdhd or stbl box")
    handler = buf[hdlr.payload + 8 : hdlr.payload + 12].decode("latin-1")
    if handler not in ("vide", "soun"):
        return None
    tkhd_version, _, pos = full_box_header(buf, tkhd)
    (track_id,) = struct.unpack_from(">I", buf, pos + (16 if tkhd_version == 1 else 8))
    timescale, media_duration = _timescale_and_duration(buf, mdhd)
    stsd = find_child(buf, stbl, "stsd")
    if stsd is None:
        raise ClipUnreadable(f"corrupt track {track_id}: no stsd box")
    _, _, entries_pos = full_box_header(buf, stsd)
    entry = next(iter_boxes(buf, entries_pos + 4, stsd.end), None)
    if entry is None:
        raise ClipUnreadable(f"corrupt track {track_id}: stsd box has no sample entry")
    return Track(
        track_id=track_id,
        handler=handler,
        timescale=timescale,
        media_duration=media_duration,
        edit_duration_s=_edit_duration_s(buf, trak, movie_timescale),
        video=parse_video_sample_entry(buf, entry) if handler == "vide" else None,
        audio=parse_audio_sample_entry(buf, entry) if handler == "soun" else None,
        samples=parse_sample_table(buf, stbl, file_size),
    )


def parse_movie(index: TopLevelIndex, file_size: int) -> Movie:
    """The movie described by the moov box and, for fragmented files, every moof box."""
    buf = index.moov
    moov = parse_box_header(buf, 0, len(buf))
    mvhd = find_child(buf, moov, "mvhd")
    if mvhd is None:
        raise ClipUnreadable("corrupt moov box: no mvhd box")
    movie_timescale, movie_duration = _timescale_and_duration(buf, mvhd)
    tracks = [
        track
        for trak in iter_boxes(buf, moov.payload, moov.end)
        if trak.type == "trak" and (track := _parse_track(buf, trak, movie_timescale, file_size)) is not None
    ]
    mvex = find_child(buf, moov, "mvex")
    if index.fragmented and mvex is not None:
        defaults = parse_trex(buf, mvex)
        samples: dict[int, TrackSamples] = {track.track_id: track.samples for track in tracks}
        for moof_offset, moof in index.fragments:
            append_fragment_samples(moof, moof_offset, defaults, samples)
        for track in tracks:
            track.media_duration = sum(track.samples.deltas)
        movie_duration = _fragment_duration(buf, mvex) or 0
    duration_s = movie_duration / movie_timescale if movie_timescale else 0.0
    return Movie(duration_s=duration_s, tracks=tuple(tracks), fragmented=index.fragmented)


def _fragment_duration(buf: bytes, mvex: Box) -> int | None:
    """The whole movie's duration announced by an mehd box, in the movie timescale."""
    mehd = find_child(buf, mvex, "mehd")
    if mehd is None:
        return None
    version, _, pos = full_box_header(buf, mehd)
    (duration,) = struct.unpack_from(">Q" if version == 1 else ">I", buf, pos)
    return int(duration)
