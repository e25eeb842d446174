"""Samples of a fragmented MP4: trex defaults from the moov, then tfhd/tfdt/trun of each moof."""

import struct
from dataclasses import dataclass

from libs.common.adapters.media.errors import ClipUnreadable
from libs.common.adapters.media.mp4_boxes import Box, full_box_header, iter_boxes, parse_box_header
from libs.common.adapters.media.mp4_sample_table import signed32
from libs.common.adapters.media.mp4_track import TrackSamples

_NON_SYNC_SAMPLE = 0x00010000

_TFHD_BASE_DATA_OFFSET = 0x000001
_TFHD_SAMPLE_DESCRIPTION = 0x000002
_TFHD_DURATION = 0x000008
_TFHD_SIZE = 0x000010
_TFHD_FLAGS = 0x000020
_TFHD_BASE_IS_MOOF = 0x020000

_TRUN_DATA_OFFSET = 0x001
_TRUN_FIRST_FLAGS = 0x004
_TRUN_DURATION = 0x100
_TRUN_SIZE = 0x200
_TRUN_FLAGS = 0x400
_TRUN_COMPOSITION = 0x800


@dataclass(frozen=True)
class SampleDefaults:
    """Per-sample values a fragment uses when it does not say otherwise."""

    duration: int = 0
    size: int = 0
    flags: int = 0


def parse_trex(buf: bytes, mvex: Box) -> dict[int, SampleDefaults]:
    """The sample defaults of each track id, from the trex boxes of an mvex box."""
    defaults: dict[int, SampleDefaults] = {}
    for trex in iter_boxes(buf, mvex.payload, mvex.end):
        if trex.type == "trex":
            _, _, pos = full_box_header(buf, trex)
            track_id, _, duration, size, flags = struct.unpack_from(">IIIII", buf, pos)
            defaults[track_id] = SampleDefaults(duration, size, flags)
    return defaults


def _parse_tfhd(
    buf: bytes, tfhd: Box, moof_offset: int, defaults: dict[int, SampleDefaults]
) -> tuple[int, int | None, SampleDefaults]:
    """(track id, explicit base data offset or None, this fragment's defaults)."""
    _, flags, pos = full_box_header(buf, tfhd)
    (track_id,) = struct.unpack_from(">I", buf, pos)
    pos += 4
    base = defaults.get(track_id, SampleDefaults())
    base_offset: int | None = moof_offset if flags & _TFHD_BASE_IS_MOOF else None
    if flags & _TFHD_BASE_DATA_OFFSET:
        (base_offset,) = struct.unpack_from(">Q", buf, pos)
        pos += 8
    if flags & _TFHD_SAMPLE_DESCRIPTION:
        pos += 4
    values = {"duration": base.duration, "size": base.size, "flags": base.flags}
    for flag, name in ((_TFHD_DURATION, "duration"), (_TFHD_SIZE, "size"), (_TFHD_FLAGS, "flags")):
        if flags & flag:
            (values[name],) = struct.unpack_from(">I", buf, pos)
            pos += 4
    return track_id, base_offset, SampleDefaults(**values)


def _append_trun(
    buf: bytes, trun: Box, base_offset: int, data_offset: int, fragment: SampleDefaults, samples: TrackSamples
) -> int:
    """Append one trun's samples (data at base + its data_offset, else at data_offset); returns the end of its data."""
    _, flags, pos = full_box_header(buf, trun)
    (count,) = struct.unpack_from(">I", buf, pos)
    pos += 4
    if flags & _TRUN_DATA_OFFSET:
        (relative,) = struct.unpack_from(">i", buf, pos)
        data_offset = base_offset + relative
        pos += 4
    first_flags: int | None = None
    if flags & _TRUN_FIRST_FLAGS:
        (first_flags,) = struct.unpack_from(">I", buf, pos)
        pos += 4
    fields = [f for f in (_TRUN_DURATION, _TRUN_SIZE, _TRUN_FLAGS, _TRUN_COMPOSITION) if flags & f]
    row = struct.Struct(">" + "I" * len(fields))
    if pos + count * row.size > trun.end:
        raise ClipUnreadable(f"corrupt trun box: {count} samples do not fit the box")
    for index, values in enumerate(row.iter_unpack(buf[pos : pos + count * row.size])):
        sample = dict(zip(fields, values, strict=True))
        size = sample.get(_TRUN_SIZE, fragment.size)
        sample_flags = sample.get(
            _TRUN_FLAGS, first_flags if index == 0 and first_flags is not None else fragment.flags
        )
        if not sample_flags & _NON_SYNC_SAMPLE:
            samples.sync.append(len(samples.sizes))
        if _TRUN_COMPOSITION in sample or samples.composition:
            samples.composition.extend([0] * (len(samples.sizes) - len(samples.composition)))
            samples.composition.append(signed32(sample.get(_TRUN_COMPOSITION, 0)))
        samples.sizes.append(size)
        samples.offsets.append(data_offset)
        samples.deltas.append(sample.get(_TRUN_DURATION, fragment.duration))
        data_offset += size
    return data_offset


def _align_to_tfdt(buf: bytes, tfdt: Box, samples: TrackSamples) -> None:
    """Stretch the last sample before a fragment whose tfdt starts later than the samples so far end.

    The time between is frames the camera lost between fragments: the timing summary then sees one long step.
    """
    version, _, pos = full_box_header(buf, tfdt)
    (start,) = struct.unpack_from(">Q" if version == 1 else ">I", buf, pos)
    if samples.first_fragment_time is None:
        samples.first_fragment_time = start - sum(samples.deltas)
    hole = start - samples.first_fragment_time - sum(samples.deltas)
    if hole > 0 and samples.deltas:
        samples.deltas[-1] += hole


def append_fragment_samples(
    moof_bytes: bytes, moof_offset: int, defaults: dict[int, SampleDefaults], tracks: dict[int, TrackSamples]
) -> None:
    """Append the samples of one moof box (moof_bytes starts at file offset moof_offset) to their tracks."""
    moof = parse_box_header(moof_bytes, 0, len(moof_bytes))
    data_end = moof_offset
    for traf in iter_boxes(moof_bytes, moof.payload, moof.end):
        if traf.type != "traf":
            continue
        children = list(iter_boxes(moof_bytes, traf.payload, traf.end))
        tfhd = next((b for b in children if b.type == "tfhd"), None)
        if tfhd is None:
            raise ClipUnreadable(f"corrupt traf box at byte {moof_offset + traf.start}: no tfhd box")
        track_id, base_offset, fragment = _parse_tfhd(moof_bytes, tfhd, moof_offset, defaults)
        samples = tracks.get(track_id, TrackSamples())
        tfdt = next((b for b in children if b.type == "tfdt"), None)
        if tfdt is not None:
            _align_to_tfdt(moof_bytes, tfdt, samples)
        base = base_offset if base_offset is not None else data_end
        data_end = base
        for trun in (b for b in children if b.type == "trun"):
            data_end = _append_trun(moof_bytes, trun, base, data_end, fragment, samples)
