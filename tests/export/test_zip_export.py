"""format=zip gives the original clip files that overlap the range, byte for byte, in a zip any reader opens."""

from __future__ import annotations

import io
import zipfile

from tests.export.conftest import CAMERA, ExportWorld
from tests.export.export_card import CUT_OFF, FIRST_RUN, SECOND_RUN, SMALLER, at, slot


async def _zip(world: ExportWorld, start: str, end: str) -> zipfile.ZipFile:
    answer = await world.gateway.get(f"/api/v1/cameras/{CAMERA}/export",
                                     params={"start": start, "end": end, "format": "zip"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"].endswith('.zip"')
    return zipfile.ZipFile(io.BytesIO(answer.content))


async def test_the_zip_holds_the_overlapping_clips_as_they_are_on_the_card(world: ExportWorld) -> None:
    archive = await _zip(world, at(FIRST_RUN[-1], 5.0), at(SECOND_RUN[1], 1.0))
    expected = [slot(index).relative_path for index in (FIRST_RUN[-1], SECOND_RUN[0], SECOND_RUN[1])]
    assert archive.namelist() == expected
    assert archive.testzip() is None
    for info in archive.infolist():
        assert info.compress_type == zipfile.ZIP_STORED
        assert archive.read(info) == (world.card / info.filename).read_bytes()


async def test_the_zip_keeps_cut_off_clips_and_crosses_format_changes(world: ExportWorld) -> None:
    archive = await _zip(world, at(SECOND_RUN[-1], 5.0), at(SMALLER[0], 5.0))
    assert archive.namelist() == [slot(SECOND_RUN[-1]).relative_path, slot(CUT_OFF).relative_path,
                                  slot(SMALLER[0]).relative_path]
    assert archive.read(slot(CUT_OFF).relative_path) == (world.card / slot(CUT_OFF).relative_path).read_bytes()


async def test_the_zip_reads_each_clip_once_in_large_reads(world: ExportWorld) -> None:
    served_before = world.simulator.bytes_served
    archive = await _zip(world, at(FIRST_RUN[0]), at(FIRST_RUN[-1], 10.0))
    assert world.simulator.bytes_served - served_before == sum(info.file_size for info in archive.infolist())
