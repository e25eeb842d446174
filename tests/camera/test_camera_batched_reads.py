"""A clip opened once and read in batches: exact bytes, one SFTP open per clip, few exec calls, one reason per clip."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.errors import CameraFileError, CameraPathRefused
from libs.common.adapters.camera.remote_paths import card_path
from tests.camera.collector_scan import CollectorScans, local_scan
from tests.camera.conftest import ServedCamera
from tests.camera.test_camera_card_access import first_clip, local_listing


def healthy_clips(served: ServedCamera) -> list[str]:
    """Card-relative paths of the clips that have data."""
    listing = sorted(local_listing(served.card_dir).items())
    return [path for path, (size, _) in listing if path.endswith(".mp4") and size]


@pytest.mark.parametrize("ranges", [
    [(0, 8), (4095, 2), (8, 100)],
    [(100, 50), (120, 10), (150, 0), (10_000, 200_000)],
    [(70_000, 5), (0, 16), (69_000, 2_000)],
])
async def test_a_batch_returns_exactly_the_local_bytes_of_every_range(
    served_camera: ServedCamera, connections: CameraConnections, ranges: list[tuple[int, int]]
) -> None:
    session = await connections.session(served_camera.target)
    clip = first_clip(served_camera.card_dir)
    content = (served_camera.card_dir / clip).read_bytes()
    ranges = [*ranges, (len(content) - 10, 100), (len(content) + 5, 10)]
    async with session.open_clip(clip) as opened:
        data = await opened.read_ranges(ranges)
    assert data == [content[offset : offset + length] for offset, length in ranges]
    assert opened.bytes_read >= sum(len(piece) for piece in data) // 2  # overlapping ranges are read once


async def test_a_clip_is_opened_once_for_all_its_batches(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    clip = healthy_clips(served_camera)[1]
    absolute = card_path(served_camera.target.sd_root, clip)
    opens, reads, calls = (served_camera.counts().sftp_opens[absolute], served_camera.counts().sftp_reads[absolute],
                           served_camera.counts().exec_calls)
    async with session.open_clip(clip) as opened:
        for batch in ([(0, 100), (5000, 100)], [(200, 10)], [(0, 4096), (4096, 4096)]):
            await opened.read_ranges(batch)
    counts = served_camera.counts()
    if served_camera.transport == "sftp":
        assert counts.sftp_opens[absolute] - opens == 1
        assert counts.sftp_reads[absolute] - reads == 4, "touching ranges merge into one request"
    else:
        assert counts.exec_calls - calls == 3


async def test_a_collector_scan_stores_the_facts_and_keyframes_of_the_local_files(
    served_camera: ServedCamera, connections: CameraConnections, tmp_path: Path
) -> None:
    scanned = await CollectorScans(connections, served_camera.target, tmp_path / "camera").scan()
    expected = await local_scan(served_camera.card_dir, tmp_path / "local")
    assert scanned.outcomes() == expected.outcomes()
    assert {clip.status for clip in scanned.clips.values()} == {"ok", "incomplete", "unreadable"}


async def test_clips_read_at_the_same_time_share_exec_calls(
    served_camera: ServedCamera, connections: CameraConnections, tmp_path: Path
) -> None:
    session = await connections.session(served_camera.target)
    clips = healthy_clips(served_camera)
    calls = served_camera.counts().exec_calls
    await CollectorScans(connections, served_camera.target, tmp_path).scan()
    if served_camera.transport == "exec":
        assert session.exec_calls <= 2 * len(clips), "the issue's bound, two calls per clip (usually far fewer)"
        assert served_camera.counts().exec_calls - calls > session.exec_calls, "listing, df and config besides"
    else:
        assert session.exec_calls == 0, "SFTP cameras read clips over SFTP"


async def test_a_missing_clip_fails_alone_while_the_others_of_its_batch_are_read(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    clips = healthy_clips(served_camera)[:3]

    async def head(path: str) -> bytes:
        async with session.open_clip(path) as opened:
            return (await opened.read_ranges([(0, 8)]))[0]

    outcomes = await asyncio.gather(*(head(path) for path in [*clips, "2026-11-20/01/missing.mp4"]),
                                    return_exceptions=True)
    assert outcomes[:3] == [(served_camera.card_dir / path).read_bytes()[:8] for path in clips]
    assert isinstance(outcomes[3], CameraFileError)
    assert "missing.mp4" in str(outcomes[3])


@pytest.mark.parametrize("path", ["../etc/passwd", "/etc/passwd", "a/../../x", "clip\x00.mp4"])
async def test_opening_a_path_that_leaves_the_card_is_refused_before_any_io(
    served_camera: ServedCamera, connections: CameraConnections, path: str
) -> None:
    session = await connections.session(served_camera.target)
    with pytest.raises(CameraPathRefused):
        session.open_clip(path)
    assert session.bytes_read == 0


async def test_negative_ranges_are_refused(served_camera: ServedCamera, connections: CameraConnections) -> None:
    session = await connections.session(served_camera.target)
    async with session.open_clip(first_clip(served_camera.card_dir)) as opened:
        with pytest.raises(ValueError, match="must not be negative"):
            await opened.read_ranges([(0, 10), (-1, 5)])
