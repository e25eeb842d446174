"""Every sample's size, file offset, duration and sync flag, from a non-fragmented track's stbl box."""

import itertools
import operator
import struct

from libs.common.adapters.media.errors import ClipUnreadable
from libs.common.adapters.media.mp4_boxes import Box, find_child, full_box_header, unpack_column, unpack_table
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
        return unpack_column(buf, pos + 8, stsz.end, count, "I", stsz)
    stz2 = find_child(buf, stbl, "stz2")
    if stz2 is None:
        raise ClipUnreadable("corrupt track: no stsz or stz2 sample size box")
    _, _, pos = full_box_header(buf, stz2)
    field_bits, count = buf[pos + 3], struct.unpack_from(">I", buf, pos + 4)[0]
    pos += 8
    if field_bits == 16:
        return unpack_column(buf, pos, stz2.end, count, "H", stz2)
    if field_bits == 8:
        return unpack_column(buf, pos, stz2.end, count, "B", stz2)
    if field_bits == 4:
        nibbles = unpack_column(buf, pos, stz2.end, (count + 1) // 2, "B", stz2)
        return [(byte >> shift) & 0x0F for byte in nibbles for shift in (4, 0)][:count]
    raise ClipUnreadable(f"corrupt stz2 box: field size {field_bits} bits")


def _entries(buf: bytes, stbl: Box, box_type: str) -> tuple[Box, int, int] | None:
    """A child table box of stbl, its entry count and where its entries start; None without the box."""
    box = find_child(buf, stbl, box_type)
    if box is None:
        return None
    _, _, pos = full_box_header(buf, box)
    (count,) = struct.unpack_from(">I", buf, pos)
    return box, count, pos + 4


def _chunk_offsets(buf: bytes, stbl: Box) -> list[int]:
    for box_type, row_format in (("stco", "I"), ("co64", "Q")):
        if (found := _entries(buf, stbl, box_type)) is not None:
            box, count, pos = found
            return unpack_column(buf, pos, box.end, count, row_format, box)
    raise ClipUnreadable("corrupt track: no stco or co64 chunk offset box")


def _table(buf: bytes, stbl: Box, box_type: str, row_format: str) -> list[tuple[int, ...]] | None:
    if (found := _entries(buf, stbl, box_type)) is None:
        return None
    box, count, pos = found
    return unpack_table(buf, pos, box.end, count, row_format, box)


def _sample_offsets(chunks: list[int], sample_to_chunk: list[tuple[int, ...]], sizes: list[int]) -> list[int]:
    """File offset of each sample: its chunk's offset plus the sizes of earlier samples in that chunk.

    Each stsc run covers the chunks up to the next run's first chunk; its offsets are computed a column at a time
    (the n-th sample of every chunk of the run at once), not sample by sample: a camera's interleaved video track
    has ~150 runs of one or two samples per chunk.
    """
    offsets: list[int] = []
    runs = sorted((first, per_chunk) for first, per_chunk, _ in sample_to_chunk)
    total = len(sizes)
    for number, (first, per_chunk) in enumerate(runs):
        end = runs[number + 1][0] if number + 1 < len(runs) else len(chunks) + 1
        run_chunks = chunks[max(first, 1) - 1 : max(end, 1) - 1]
        if per_chunk > 0:
            offsets.extend(_run_offsets(run_chunks, per_chunk, sizes, len(offsets)))
        if len(offsets) == total:
            return offsets
    raise ClipUnreadable(f"corrupt sample table: chunks hold {len(offsets)} of {total} samples")


def _run_offsets(run_chunks: list[int], per_chunk: int, sizes: list[int], start: int) -> list[int]:
    """Offsets of the samples in one run's chunks (per_chunk each), from sample `start` on, as many as are left."""
    full = run_chunks[: (len(sizes) - start) // per_chunk]
    block = [0] * (len(full) * per_chunk)
    block[0::per_chunk] = full
    for column in range(1, per_chunk if full else 1):
        before = sizes[start + column - 1 : start + len(block) : per_chunk]
        block[column::per_chunk] = map(operator.add, block[column - 1 :: per_chunk], before)
    left = len(sizes) - start - len(block)
    if 0 < left < per_chunk and len(full) < len(run_chunks):  # the last chunk holds fewer samples than it says
        first = start + len(block)
        block.extend(itertools.accumulate(sizes[first : first + left - 1], initial=run_chunks[len(full)]))
    return block


def _sample_deltas(time_to_sample: list[tuple[int, ...]], count: int) -> list[int]:
    deltas: list[int] = []
    for run_length, delta in time_to_sample:
        deltas.extend([delta] * min(run_length, count - len(deltas)))
    last = deltas[-1] if deltas else 0
    return deltas + [last] * (count - len(deltas))


def signed32(value: int) -> int:
    """A 32-bit field read unsigned, as the signed value muxers mean (ctts and trun offsets, broken stts deltas)."""
    return value - (1 << 32) if value >= 1 << 31 else value


def _composition_offsets(buf: bytes, stbl: Box, count: int) -> list[int]:
    """Each sample's composition offset from ctts runs (read signed, as ffmpeg reads both versions); [] without
    ctts. A stream with B-frames has a run per sample or two: the table is unpacked as one flat column (no tuple per
    run) and, when every run is one sample long, used as it is; longer runs are expanded in C."""
    if (found := _entries(buf, stbl, "ctts")) is None:
        return []
    box, runs, pos = found
    flat = unpack_column(buf, pos, box.end, runs, "I", box, per_entry=2)
    if not flat:
        return []
    run_lengths, run_offsets = flat[0::2], flat[1::2]
    if max(run_offsets) >= 1 << 31:
        run_offsets = [signed32(offset) for offset in run_offsets]
    if run_lengths.count(1) == runs:
        offsets = run_offsets[:count]
    else:
        offsets = list(itertools.islice(itertools.chain.from_iterable(map(itertools.repeat, run_offsets, run_lengths)),
                                        count))
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
    composition = _composition_offsets(buf, stbl, len(sizes))
    return TrackSamples(sizes=sizes, offsets=offsets, deltas=deltas, sync=sync, composition=composition)
