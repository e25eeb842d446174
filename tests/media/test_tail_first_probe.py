"""Tail-first probing: the same facts and keyframes as a walk from the start, in one or two batches per clip."""

import random
import struct
from pathlib import Path

import pytest

from libs.common.adapters.media.errors import ClipProblem
from libs.common.adapters.media.keyframe_bytes import read_keyframe_annexb, read_keyframes_annexb
from libs.common.adapters.media.mp4_probe import probe_clip, probe_mp4
from libs.common.adapters.media.tail_first import FIRST_TAIL_BYTES, HEAD_BYTES, MAX_TAIL_BYTES, TailGuess
from tests.media.media_box_layout import top_level_boxes
from tests.media.media_clip_library import CLIP_SPECS, ClipLibrary
from tests.media.media_counting_reader import CountingFileReader
from tests.media.test_broken_clips import FTYP, damaged_copies

BUDGET_BYTES = 64 * 1024


@pytest.mark.long(seconds=4)
@pytest.mark.parametrize("name", list(CLIP_SPECS))
async def test_tail_first_finds_the_same_facts_and_keyframes_as_the_walk_from_the_start(
    clip_library: ClipLibrary, name: str
) -> None:
    walked = CountingFileReader.of_file(clip_library.path(name))
    tail_first = CountingFileReader.of_file(clip_library.path(name))
    expected = await probe_mp4(walked.read, walked.size)
    probe = await probe_clip(tail_first, tail_first.size)
    assert (probe.facts, probe.keyframes, probe.parameter_sets_annexb) == (
        expected.facts, expected.keyframes, expected.parameter_sets_annexb
    )
    assert probe.bytes_read == tail_first.bytes_read <= BUDGET_BYTES


async def test_a_camera_clip_takes_two_batches_at_first_and_one_once_the_guess_has_learned(
    long_camera_clip: Path,
) -> None:
    path = long_camera_clip
    moov_offset, moov_size = top_level_boxes(path)["moov"]
    assert moov_offset + moov_size == path.stat().st_size, "cameras write the moov last"
    assert moov_size > FIRST_TAIL_BYTES, "this clip's moov is larger than the first guess"
    guess = TailGuess()
    first = CountingFileReader.of_file(path)
    await probe_clip(first, first.size, guess)
    assert len(first.batches) == 2
    assert first.bytes_read == HEAD_BYTES + moov_size, "the second batch reads only the moov's missing front"
    learned = CountingFileReader.of_file(path)
    probe = await probe_clip(learned, learned.size, guess)
    assert len(learned.batches) == 1
    assert moov_size <= probe.bytes_read - HEAD_BYTES <= moov_size + 1024
    assert probe.bytes_read <= BUDGET_BYTES


@pytest.mark.parametrize("name", ["faststart_720p25_aac", "camera_720p15_silent"])
async def test_facts_come_in_at_most_two_batches(clip_library: ClipLibrary, name: str) -> None:
    reader = CountingFileReader.of_file(clip_library.path(name))
    await probe_clip(reader, reader.size)
    assert len(reader.batches) <= 2


def test_the_first_reads_are_a_small_head_and_a_tail_within_the_budget() -> None:
    guess = TailGuess()
    assert guess.first_reads(10_000_000) == [(0, HEAD_BYTES), (10_000_000 - FIRST_TAIL_BYTES, FIRST_TAIL_BYTES)]
    assert guess.first_reads(1000) == [(0, 1000)]
    guess.learn(10_000_000, 10_000_000 - 40_000)
    assert guess.tail_bytes == 40_000 + 256
    guess.learn(10_000_000, 10_000_000 - 5_000_000)
    assert guess.tail_bytes == MAX_TAIL_BYTES
    assert HEAD_BYTES + MAX_TAIL_BYTES <= BUDGET_BYTES


def test_a_camera_that_writes_the_moov_first_stops_reading_big_tails() -> None:
    guess = TailGuess()
    guess.learn(10_000_000, 40)
    assert guess.tail_bytes <= 1024


@pytest.mark.parametrize(("name", "index_box"), [("camera_1080p30_aac", "moov"), ("fragmented_720p15_aac", "moof")])
async def test_damaged_clips_end_the_same_way_as_with_the_walk_from_the_start(
    clip_library: ClipLibrary, name: str, index_box: str
) -> None:
    path = clip_library.path(name)
    data = path.read_bytes()
    moov_offset, moov_size = top_level_boxes(path)["moov"]
    index_end = max(moov_offset + moov_size, top_level_boxes(path)[index_box][0] + 2000)
    for copy in damaged_copies(data, min(moov_offset, 64), min(index_end, len(data)), seed=len(data) + 1)[:120]:
        walked, tail_first = CountingFileReader(copy), CountingFileReader(copy)
        expected = await _outcome(probe_mp4(walked.read, walked.size))
        assert await _outcome(probe_clip(tail_first, tail_first.size)) == expected
        assert tail_first.bytes_read <= BUDGET_BYTES


async def _outcome(probing: object) -> tuple[str, str]:
    """('ok', facts) or (status, reason) of a probe."""
    try:
        probe = await probing  # type: ignore[misc]
    except ClipProblem as problem:
        return problem.status, str(problem)
    return "ok", probe.facts.model_dump_json()


@pytest.mark.parametrize("data", [b"", FTYP, FTYP + struct.pack(">I4s", 0, b"mdat") + bytes(5000),
                                  random.Random(3).randbytes(100_000)])
async def test_tiny_empty_and_garbage_files_give_the_same_problem(data: bytes) -> None:
    expected = await _outcome(probe_mp4(CountingFileReader(data).read, len(data)))
    assert expected[0] != "ok"
    assert await _outcome(probe_clip(CountingFileReader(data), len(data))) == expected


async def test_keyframes_are_read_in_one_batch_with_the_same_bytes_as_one_by_one(clip_library: ClipLibrary) -> None:
    reader = CountingFileReader.of_file(clip_library.path("camera_1080p30_aac"))
    probe = await probe_clip(reader, reader.size)
    reader.batches.clear()
    frames = await read_keyframes_annexb(reader, probe, probe.keyframes)
    assert len(reader.batches) == 1
    assert frames == [await read_keyframe_annexb(reader.read, probe, keyframe) for keyframe in probe.keyframes]


async def test_a_cut_off_keyframe_in_a_batch_is_incomplete(clip_library: ClipLibrary) -> None:
    data = clip_library.path("faststart_720p25_aac").read_bytes()
    probe = await probe_clip(CountingFileReader(data), len(data))
    last = probe.keyframes[-1]
    cut = CountingFileReader(data[: last.offset + last.size // 2])
    with pytest.raises(ClipProblem, match="cut off") as problem:
        await read_keyframes_annexb(cut, probe, probe.keyframes)
    assert problem.value.status == "incomplete"
