"""The moof box of one fragment: per track its base decode time and a trun describing samples laid out in the mdat
that follows, each track's samples after the previous track's."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from services.gateway.export.mp4_box_writer import box, full_box, mdat_header

SYNC_SAMPLE_FLAGS = 0x02000000  # depends on no other sample
NON_SYNC_SAMPLE_FLAGS = 0x01010000  # depends on others, not a sync sample

_TFHD_DESCRIPTION_INDEX = 0x000002
_TFHD_BASE_IS_MOOF = 0x020000
_TRUN_DATA_OFFSET = 0x001
_TRUN_DURATION_SIZE_FLAGS = 0x100 | 0x200 | 0x400
_TRUN_COMPOSITION = 0x800


@dataclass(frozen=True)
class TrackRun:
    """One track's samples in a fragment; composition_offsets is None for tracks without them (audio)."""

    track_id: int
    description_index: int
    base_decode_time: int
    durations: Sequence[int]
    sizes: Sequence[int]
    flags: Sequence[int]
    composition_offsets: Sequence[int] | None = None

    @property
    def payload_bytes(self) -> int:
        """Bytes of this run's samples in the mdat."""
        return sum(self.sizes)


def _trun(run: TrackRun, data_offset: int) -> bytes:
    flags = _TRUN_DATA_OFFSET | _TRUN_DURATION_SIZE_FLAGS
    columns: list[Sequence[int]] = [run.durations, run.sizes, run.flags]
    version = 0
    if run.composition_offsets is not None:
        flags |= _TRUN_COMPOSITION
        columns.append(run.composition_offsets)
        version = 1 if any(offset < 0 for offset in run.composition_offsets) else 0
    row = struct.Struct(">III" + ("i" if version else "I") * (len(columns) - 3))
    rows = b"".join(row.pack(*values) for values in zip(*columns, strict=True))
    return full_box("trun", version, flags, struct.pack(">Ii", len(run.sizes), data_offset), rows)


def _traf(run: TrackRun, data_offset: int) -> bytes:
    return box(
        "traf",
        full_box("tfhd", 0, _TFHD_BASE_IS_MOOF | _TFHD_DESCRIPTION_INDEX,
                 struct.pack(">II", run.track_id, run.description_index)),
        full_box("tfdt", 1, 0, struct.pack(">Q", run.base_decode_time)),
        _trun(run, data_offset),
    )


def _moof(sequence: int, runs: Sequence[TrackRun], data_offsets: Sequence[int]) -> bytes:
    trafs = [_traf(run, offset) for run, offset in zip(runs, data_offsets, strict=True)]
    return box("moof", full_box("mfhd", 0, 0, struct.pack(">I", sequence)), *trafs)


def moof(sequence: int, runs: Sequence[TrackRun]) -> bytes:
    """The moof of fragment number `sequence` (from 1), pointing each run at its samples in the following mdat."""
    size = len(_moof(sequence, runs, [0] * len(runs)))
    offsets, position = [], size + len(mdat_header(sum(run.payload_bytes for run in runs)))
    for run in runs:
        offsets.append(position)
        position += run.payload_bytes
    return _moof(sequence, runs, offsets)
