"""The start of a fragmented MP4: ftyp, then a moov whose tracks hold no samples and whose mvex announces fragments."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from services.gateway.export.mp4_box_writer import box, full_box

MOVIE_TIMESCALE = 1000
_MATRIX = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
_LANGUAGE_UND = 0x55C4
_TRACK_ENABLED_IN_MOVIE = 0x000003


@dataclass(frozen=True)
class OutputTrack:
    """One track of the exported file: its id, kind, timescale, the sample entries its fragments refer to."""

    track_id: int
    handler: str
    timescale: int
    sample_entries: tuple[bytes, ...]
    edit_shift: int = 0
    width: int = 0
    height: int = 0


def _ftyp() -> bytes:
    return box("ftyp", b"isom", struct.pack(">I", 0x200), b"isom", b"iso6", b"mp41")


def _mvhd(next_track_id: int) -> bytes:
    return full_box("mvhd", 0, 0, struct.pack(">IIIIIH10x", 0, 0, MOVIE_TIMESCALE, 0, 0x00010000, 0x0100),
                    _MATRIX, bytes(24), struct.pack(">I", next_track_id))


def _tkhd(track: OutputTrack) -> bytes:
    volume = 0x0100 if track.handler == "soun" else 0
    return full_box("tkhd", 0, _TRACK_ENABLED_IN_MOVIE,
                    struct.pack(">IIIII8xHHHH", 0, 0, track.track_id, 0, 0, 0, 0, volume, 0),
                    _MATRIX, struct.pack(">II", track.width << 16, track.height << 16))


def _edts(track: OutputTrack, duration_ms: int) -> bytes:
    """An edit that starts presentation at edit_shift, so the first frame shows at time 0."""
    if not track.edit_shift:
        return b""
    return box("edts", full_box("elst", 0, 0, struct.pack(">IIiHH", 1, duration_ms, track.edit_shift, 1, 0)))


def _stbl(track: OutputTrack) -> bytes:
    return box(
        "stbl",
        full_box("stsd", 0, 0, struct.pack(">I", len(track.sample_entries)), *track.sample_entries),
        full_box("stts", 0, 0, struct.pack(">I", 0)),
        full_box("stsc", 0, 0, struct.pack(">I", 0)),
        full_box("stsz", 0, 0, struct.pack(">II", 0, 0)),
        full_box("stco", 0, 0, struct.pack(">I", 0)),
    )


def _mdia(track: OutputTrack) -> bytes:
    name = b"VideoHandler\x00" if track.handler == "vide" else b"SoundHandler\x00"
    media_header = (full_box("vmhd", 0, 1, bytes(8)) if track.handler == "vide"
                    else full_box("smhd", 0, 0, bytes(4)))
    data_reference = box("dinf", full_box("dref", 0, 0, struct.pack(">I", 1), full_box("url ", 0, 1)))
    return box(
        "mdia",
        full_box("mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, track.timescale, 0, _LANGUAGE_UND, 0)),
        full_box("hdlr", 0, 0, struct.pack(">I4s12x", 0, track.handler.encode("latin-1")), name),
        box("minf", media_header, data_reference, _stbl(track)),
    )


def _mvex(tracks: list[OutputTrack], duration_ms: int) -> bytes:
    extends = [full_box("trex", 0, 0, struct.pack(">IIIII", track.track_id, 1, 0, 0, 0)) for track in tracks]
    return box("mvex", full_box("mehd", 1, 0, struct.pack(">Q", duration_ms)), *extends)


def init_segment(tracks: list[OutputTrack], duration_ms: int) -> bytes:
    """ftyp + moov for these tracks; duration_ms (the whole export) goes into mehd and the edit lists."""
    traks = [box("trak", _tkhd(track), _edts(track, duration_ms), _mdia(track)) for track in tracks]
    next_track_id = max((track.track_id for track in tracks), default=0) + 1
    return _ftyp() + box("moov", _mvhd(next_track_id), *traks, _mvex(tracks, duration_ms))
