"""Finding the moov box (and any moof boxes) of a file by reading only top-level box headers."""

import struct
from dataclasses import dataclass, field

from libs.common.adapters.media.errors import ClipIncomplete, ClipUnreadable
from libs.common.adapters.media.mp4_boxes import find_child, parse_box_header
from libs.common.adapters.media.range_reader import RangeReader

MAX_MOOV_BYTES = 16 * 1024 * 1024
MAX_FRAGMENT_INDEX_BYTES = 16 * 1024 * 1024
MAX_TOP_LEVEL_BOXES = 100_000
_HEADER_BYTES = 16
_FIRST_BOX_TYPES = {"ftyp", "styp", "moov", "mdat", "free", "skip", "wide", "pdin", "moof", "sidx", "uuid", "junk"}
_NO_MOOV = "no moov box: recording was cut off (power loss?)"


@dataclass
class TopLevelIndex:
    """The bytes of the moov box and of every moof box, each with its file offset."""

    moov: bytes
    moov_offset: int
    fragments: list[tuple[int, bytes]] = field(default_factory=list)
    fragmented: bool = False
    cut_off: bool = False  # a fragmented file read up to a box the end of the file cuts (it is being written)


@dataclass(frozen=True)
class _Header:
    type: str
    offset: int
    size: int


def _is_box_type(raw: bytes) -> bool:
    return all(0x20 <= byte <= 0x7E for byte in raw)


async def _read_header(read: RangeReader, pos: int, file_size: int) -> _Header:
    data = await read(pos, min(_HEADER_BYTES, file_size - pos))
    if len(data) < 8:
        raise ClipIncomplete(f"file ends inside the box header at byte {pos}: recording was cut off")
    size, raw_type = struct.unpack_from(">I4s", data)
    if not _is_box_type(raw_type):
        what = "not an MP4 file" if pos == 0 else f"corrupt box header at byte {pos}"
        raise ClipUnreadable(f"{what}: box type bytes {raw_type.hex()} are not a box name")
    box_type = raw_type.decode("latin-1")
    if pos == 0 and box_type not in _FIRST_BOX_TYPES:
        raise ClipUnreadable(f"not an MP4 file: it starts with '{box_type}', not an ftyp box")
    header_size = 8
    if size == 1:
        if len(data) < 16:
            raise ClipIncomplete(f"file ends inside the '{box_type}' box header at byte {pos}: recording was cut off")
        (size,) = struct.unpack_from(">Q", data, 8)
        header_size = 16
    elif size == 0:
        size = file_size - pos
    if size < header_size:
        raise ClipUnreadable(f"corrupt '{box_type}' box at byte {pos}: impossible size {size}")
    return _Header(box_type, pos, size)


def _cut_off(header: _Header, file_size: int, moov_found: bool) -> ClipIncomplete | ClipUnreadable:
    """The problem of a box that runs past the end of the file."""
    if header.offset == 0:
        return ClipUnreadable(f"not an MP4 file: first box '{header.type}' claims {header.size} bytes of {file_size}")
    if header.type == "moov":
        return ClipIncomplete(
            f"moov box cut off: it needs {header.size} bytes, the file holds {file_size - header.offset}"
        )
    if not moov_found:
        return ClipIncomplete(_NO_MOOV)
    return ClipIncomplete(
        f"'{header.type}' box at byte {header.offset} runs past the end of the file: recording was cut off"
    )


async def read_top_level(read: RangeReader, file_size: int, lookahead: int = 0,
                         partial: bool = False) -> TopLevelIndex:
    """Walk the top-level boxes, reading the moov (and, for fragmented files, each moof) in one read each.

    With `lookahead`, the box after the media data, while no moov has been seen (where cameras put the moov),
    is read together with up to `lookahead` bytes behind its header: one read that, through a reader holding
    the file's tail, completes a moov the tail caught only part of. With `partial`, a fragmented file the end
    cuts (a clip being written) gives the index of the boxes before the cut, marked cut_off.
    """
    index: TopLevelIndex | None = None
    fragment_bytes = 0
    pos = 0
    after_media = False
    for _ in range(MAX_TOP_LEVEL_BOXES):
        if pos >= file_size:
            if index is None:
                raise ClipIncomplete(_NO_MOOV)
            return index
        if after_media and index is None and lookahead > _HEADER_BYTES:
            await read(pos, min(lookahead, file_size - pos))
        try:
            header = await _read_header(read, pos, file_size)
        except ClipIncomplete:
            if partial and index is not None and index.fragmented:
                index.cut_off = True
                return index
            raise
        after_media = header.type == "mdat"
        if header.offset + header.size > file_size:
            if partial and index is not None and index.fragmented:
                index.cut_off = True
                return index
            raise _cut_off(header, file_size, index is not None)
        if header.type == "moov" and index is None:
            if header.size > MAX_MOOV_BYTES:
                raise ClipUnreadable(f"moov box of {header.size} bytes is over the {MAX_MOOV_BYTES} byte limit")
            moov = await read(pos, header.size)
            if len(moov) < header.size:
                raise ClipIncomplete(f"moov box cut off: read {len(moov)} of its {header.size} bytes")
            index = TopLevelIndex(moov, pos, fragmented=_has_mvex(moov))
            if not index.fragmented:
                return index
        elif header.type == "moof" and index is not None:
            fragment_bytes += header.size
            if fragment_bytes > MAX_FRAGMENT_INDEX_BYTES:
                raise ClipUnreadable(f"moof boxes total over {MAX_FRAGMENT_INDEX_BYTES} bytes: not a camera clip")
            moof = await read(pos, header.size)
            if len(moof) < header.size:
                raise ClipIncomplete(f"moof box at byte {pos} cut off: recording was cut off")
            index.fragments.append((pos, moof))
        pos += header.size
    raise ClipUnreadable(f"more than {MAX_TOP_LEVEL_BOXES} top-level boxes: not a camera clip")


def _has_mvex(moov: bytes) -> bool:
    """Whether a moov box announces movie fragments."""
    return find_child(moov, parse_box_header(moov, 0, len(moov)), "mvex") is not None
