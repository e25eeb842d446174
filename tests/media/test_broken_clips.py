"""What power cuts, temp files and garbage leave on a card is reported as incomplete or unreadable, never a crash."""

import contextlib
import random
import struct
from pathlib import Path

import pytest

from libs.common.adapters.media.errors import ClipIncomplete, ClipProblem, ClipUnreadable
from libs.common.adapters.media.keyframe_bytes import read_keyframe_annexb
from libs.common.adapters.media.mp4_probe import probe_mp4
from tests.media.media_box_layout import top_level_boxes
from tests.media.media_clip_library import ClipLibrary
from tests.media.media_counting_reader import CountingFileReader

PROBE_BUDGET_BYTES = 64 * 1024
FTYP = struct.pack(">I4s4sI8s", 24, b"ftyp", b"isom", 512, b"isomavc1")


async def probe_bytes(data: bytes) -> CountingFileReader:
    reader = CountingFileReader(data)
    await probe_mp4(reader.read, reader.size)
    return reader


def box(box_type: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), box_type) + payload


def cut_before(path: Path, box_type: str, extra: int = 0) -> bytes:
    offset, _ = top_level_boxes(path)[box_type]
    return path.read_bytes()[: offset + extra]


async def test_a_zero_byte_file_is_unreadable() -> None:
    with pytest.raises(ClipUnreadable, match=r"empty file \(0 bytes\)") as problem:
        await probe_bytes(b"")
    assert problem.value.status == "unreadable"


async def test_a_clip_cut_off_before_its_moov_is_incomplete(clip_library: ClipLibrary) -> None:
    with pytest.raises(ClipIncomplete, match="no moov box: recording was cut off") as problem:
        await probe_bytes(cut_before(clip_library.path("camera_1080p30_aac"), "moov"))
    assert problem.value.status == "incomplete"


async def test_a_clip_cut_off_inside_its_media_data_is_incomplete(clip_library: ClipLibrary) -> None:
    with pytest.raises(ClipIncomplete, match="no moov box"):
        await probe_bytes(cut_before(clip_library.path("camera_1080p30_aac"), "mdat", extra=100_000))


async def test_a_clip_cut_off_inside_its_moov_is_incomplete(clip_library: ClipLibrary) -> None:
    with pytest.raises(ClipIncomplete, match="moov box cut off"):
        await probe_bytes(cut_before(clip_library.path("camera_1080p30_aac"), "moov", extra=500))


async def test_a_faststart_clip_missing_its_tail_is_incomplete(clip_library: ClipLibrary) -> None:
    data = clip_library.path("faststart_720p25_aac").read_bytes()
    with pytest.raises(ClipIncomplete, match="cut off"):
        await probe_bytes(data[: len(data) // 2])


async def test_a_fragmented_clip_cut_inside_a_fragment_is_incomplete(clip_library: ClipLibrary) -> None:
    data = clip_library.path("fragmented_720p15_aac").read_bytes()
    with pytest.raises(ClipIncomplete, match="cut off"):
        await probe_bytes(data[: len(data) - 1000])


async def test_a_file_holding_only_its_ftyp_is_incomplete() -> None:
    with pytest.raises(ClipIncomplete, match="no moov box"):
        await probe_bytes(FTYP)


async def test_a_clip_still_being_written_is_incomplete() -> None:
    mdat_to_end_of_file = struct.pack(">I4s", 0, b"mdat") + bytes(5000)
    with pytest.raises(ClipIncomplete, match="no moov box"):
        await probe_bytes(FTYP + mdat_to_end_of_file)


async def test_random_bytes_are_unreadable() -> None:
    noise = random.Random(7).randbytes(50_000)
    with pytest.raises(ClipUnreadable, match="not an MP4 file"):
        await probe_bytes(noise)


async def test_a_text_file_is_unreadable() -> None:
    with pytest.raises(ClipUnreadable, match="not an MP4 file"):
        await probe_bytes(b"camera database: do not delete\n" * 100)


async def test_an_impossible_box_size_is_unreadable() -> None:
    with pytest.raises(ClipUnreadable, match="impossible size"):
        await probe_bytes(FTYP + struct.pack(">I4s", 3, b"free") + bytes(100))


async def test_a_huge_moov_is_refused_without_reading_it() -> None:
    moov_size = 20 * 1024 * 1024
    data = FTYP + struct.pack(">I4s", moov_size, b"moov") + bytes(moov_size - 8)
    reader = CountingFileReader(data)
    with pytest.raises(ClipUnreadable, match="over the 16777216 byte limit"):
        await probe_mp4(reader.read, reader.size)
    assert reader.bytes_read < 1024


async def test_a_moov_without_tracks_has_no_facts_to_crash_on() -> None:
    mvhd = box(b"mvhd", bytes(12) + struct.pack(">II", 1000, 0) + bytes(80))
    reader = CountingFileReader(FTYP + box(b"moov", mvhd))
    probe = await probe_mp4(reader.read, reader.size)
    assert probe.facts.video is None and probe.facts.audio is None and probe.keyframes == ()


def damaged_copies(data: bytes, index_start: int, index_end: int, seed: int) -> list[bytes]:
    """Copies of data truncated at random places or with random bits flipped in its index boxes."""
    rng = random.Random(seed)
    copies = [data[: rng.randrange(len(data))] for _ in range(60)]
    for _ in range(200):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(index_start, index_end) if rng.random() < 0.9 else rng.randrange(64)
            damaged[position] ^= 1 << rng.randrange(8)
        copies.append(bytes(damaged))
    return copies


@pytest.mark.parametrize(("name", "index_box"), [("camera_1080p30_aac", "moov"), ("fragmented_720p15_aac", "moof")])
async def test_damaged_clips_only_ever_raise_clip_problems(
    clip_library: ClipLibrary, name: str, index_box: str
) -> None:
    path = clip_library.path(name)
    data = path.read_bytes()
    moov_offset, moov_size = top_level_boxes(path)["moov"]
    index_end = max(moov_offset + moov_size, top_level_boxes(path)[index_box][0] + 2000)
    outcomes = {"facts": 0, "incomplete": 0, "unreadable": 0}
    for copy in damaged_copies(data, min(moov_offset, 64), min(index_end, len(data)), seed=len(data)):
        reader = CountingFileReader(copy)
        try:
            probe = await probe_mp4(reader.read, reader.size)
        except ClipProblem as problem:
            outcomes[problem.status] += 1
            assert str(problem)
            assert reader.bytes_read <= PROBE_BUDGET_BYTES
            continue
        outcomes["facts"] += 1
        assert probe.bytes_read <= PROBE_BUDGET_BYTES
        if probe.keyframes:
            with contextlib.suppress(ClipProblem):
                await read_keyframe_annexb(reader.read, probe, probe.keyframes[0])
    assert outcomes["incomplete"] and outcomes["unreadable"] and outcomes["facts"]


async def test_a_64_bit_mdat_size_is_followed_to_the_moov(clip_library: ClipLibrary) -> None:
    path = clip_library.path("camera_1080p30_aac")
    boxes = top_level_boxes(path)
    free_offset, free_size = boxes["free"]
    mdat_offset, mdat_size = boxes["mdat"]
    assert (free_offset + free_size, free_size) == (mdat_offset, 8), "ffmpeg reserves 8 bytes before mdat"
    data = bytearray(path.read_bytes())
    data[free_offset:mdat_offset] = struct.pack(">I4sQ", 1, b"mdat", mdat_size + 8)[:8]
    data[mdat_offset : mdat_offset + 8] = struct.pack(">Q", mdat_size + 8)
    reader = CountingFileReader(bytes(data))
    probe = await probe_mp4(reader.read, reader.size)
    original = CountingFileReader.of_file(path)
    assert probe.facts == (await probe_mp4(original.read, original.size)).facts
