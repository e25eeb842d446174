"""Every sample's size, file offset, duration and sync flag, from a non-fragmented track's stbl box."""

import struct

from libs.common.adapters.media.errors import ClipUnreadable
from libs.common.adapters.media.mp4_boxes import Box, find_child, full_box_header, unpack_table
from libs.common.adapters.media.mp4_track import TrackSamples

MAX_SAMPLES = 10_000_000


def _sample_sizes(buf: bytes, stbl: Box, file_size: int) -> list[int]:
    stsz = find_child(buf, stbl, "stsz")
    if stsz is not None:
        _, _, pos = full_box_header(buf, stsz)
        sample_size, count = struct.unpack_from(">II", buf, pos)
        if sample_size:
            if count > min(MAX_SAMPLES, file_size // sample_size):
                raise ClipUnreadable(f"corrupt stsz box: {count} samples of {sample_size} bytes exceed the file")
            return [sample_size] * count
        return [row[0] for row in unpack_table(buf, pos + 8, stsz.end, count, "I", stsz)]
    stz2 = find_child(buf, stbl, "stz2")
    if stz2 is None:
        raise ClipUnreadable("corrupt track: no stsz or stz2 sample size box")
    _, _, pos = full_box_header(buf, stz2)
    field_bits, count = buf[pos + 3], struct.unpack_from(">I", buf, pos + 4)[0]
    pos += 8
    if field_bits == 16:
        return [row[0] for row in unpack_table(buf, pos, stz2.end, count, "H", stz2)]
    if field_bits == 8:
        return [row[0] for row in unpack_table(buf, pos, stz2.end, count, "B", stz2)]
    if field_bits == 4:
        nibbles = [row[0] for row in unpack_table(buf, pos, stz2.end, (count + 1) // 2, "B", stz2)]
        return [(byte >> shift) & 0x0F for byte in nibbles for shift in (4, 0)][:count]
    raise ClipUnreadable(f"corrupt stz2 box: field size {field_bits} bits")


def _chunk_offsets(buf: bytes, stbl: Box) -> list[int]:
    for box_type, row_format in (("stco", "I"), ("co64", "Q")):
        box = find_child(buf, stbl, box_type)
        if box is not None:
            _, _, pos = full_box_header(buf, box)
            (count,) = struct.unpack_from(">I", buf, pos)
            return [row[0] for row in unpack_table(buf, pos + 4, box.end, count, row_format, box)]
    raise ClipUnreadable("corrupt track: no stco or co64 chunk offset box")


def _table(buf: bytes, stbl: Box, box_type: str, row_format: str) -> list[tuple[int, ...]] | None:
    box = find_child(buf, stbl, box_type)
    if box is None:
        return None
    _, _, pos = full_box_header(buf, box)
    (count,) = struct.unpack_from(">I", buf, pos)
    return unpack_table(buf, pos + 4, box.end, count, row_format, box)


def _sample_offsets(chunks: list[int], sample_to_chunk: list[tuple[int, ...]], sizes: list[int]) -> list[int]:
    """File offset of each sample: its chunk's offset plus the sizes of earlier samples in that chunk."""
    offsets: list[int] = []
    runs = sorted((first, per_chunk) for first, per_chunk, _ in sample_to_chunk)
    run = 0
    for chunk_number, chunk_offset in enumerate(chunks, start=1):
        while run + 1 < len(runs) and runs[run + 1][0] <= chunk_number:
            run += 1
        per_chunk = runs[run][1] if runs and runs[run][0] <= chunk_number else 0
        offset = chunk_offset
        for _ in range(min(per_chunk, len(sizes) - len(offsets))):
            offsets.append(offset)
            offset += sizes[len(offsets) - 1]
        if len(offsets) == len(sizes):
            return offsets
    raise ClipUnreadable(f"corrupt sample table: chunks hold {len(offsets)} of {len(sizes)} samples")


def _sample_deltas(time_to_sample: list[tuple[int, ...]], count: int) -> list[int]:
    deltas: list[int] = []
    for run_length, delta in time_to_sample:
        deltas.extend([delta] * min(run_length, count - len(deltas)))
    last = deltas[-1] if deltas else 0
    return deltas + [last] * (count - len(deltas))


def signed32(value: int) -> int:
    """A 32-bit field read unsigned, as the signed value muxers mean (ctts and trun offsets, broken stts deltas)."""
    return value - (1 << 32) if value >= 1 << 31 else value


def _composition_offsets(rows: list[tuple[int, ...]] | None, count: int) -> list[int]:
    """Each sample's composition offset from ctts runs (signed, as ffmpeg reads both versions); [] without ctts."""
    if not rows:
        return []
    offsets: list[int] = []
    for run_length, offset in rows:
        offsets.extend([signed32(offset)] * min(run_length, count - len(offsets)))
    return offsets + [0] * (count - len(offsets))


def parse_sample_table(buf: bytes, stbl: Box, file_size: int) -> TrackSamples:
    """The samples described by an stbl box; a missing stss means every sample is a sync sample."""
    sizes = _sample_sizes(buf, stbl, file_size)
    if not sizes:
        return TrackSamples()
    offsets = _sample_offsets(_chunk_offsets(buf, stbl), _table(buf, stbl, "stsc", "III") or [], sizes)
    deltas = _sample_deltas(_table(buf, stbl, "stts", "II") or [], len(sizes))
    sync_rows = _table(buf, stbl, "stss", "I")
    sync = list(range(len(sizes))) if sync_rows is None else [n - 1 for (n,) in sync_rows if 0 < n <= len(sizes)]
    composition = _composition_offsets(_table(buf, stbl, "ctts", "II"), len(sizes))
    return TrackSamples(sizes=sizes, offsets=offsets, deltas=deltas, sync=sync, composition=composition)
