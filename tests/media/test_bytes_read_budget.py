"""Probing a camera clip costs a few kilobytes: box headers and the moov box, never the media data."""

from pathlib import Path

from libs.common.adapters.media.mp4_probe import probe_mp4
from tests.media.media_box_layout import top_level_boxes
from tests.media.media_clip_library import ClipLibrary
from tests.media.media_counting_reader import CountingFileReader

BUDGET_BYTES = 64 * 1024


async def test_a_60s_1080p_camera_clip_costs_under_64_kib(long_camera_clip: Path) -> None:
    reader = CountingFileReader.of_file(long_camera_clip)
    probe = await probe_mp4(reader.read, reader.size)
    print(f"\nbytes read for a 60 s 1080p clip of {reader.size} bytes: {probe.bytes_read} in {len(reader.reads)} reads")
    assert probe.bytes_read == reader.bytes_read
    assert probe.bytes_read <= BUDGET_BYTES


async def test_the_media_data_is_never_read(long_camera_clip: Path) -> None:
    reader = CountingFileReader.of_file(long_camera_clip)
    await probe_mp4(reader.read, reader.size)
    mdat_offset, mdat_size = top_level_boxes(long_camera_clip)["mdat"]
    header_end = mdat_offset + 16
    assert all(offset + length <= header_end or offset >= mdat_offset + mdat_size for offset, length in reader.reads)


async def test_the_moov_box_is_read_in_one_read(clip_library: ClipLibrary) -> None:
    path = clip_library.path("faststart_720p25_aac")
    reader = CountingFileReader.of_file(path)
    await probe_mp4(reader.read, reader.size)
    assert top_level_boxes(path)["moov"] in reader.reads
    assert len(reader.reads) <= 3
