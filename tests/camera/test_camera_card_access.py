"""The camera client reads the same card the same way from the simulator and OpenSSH, with and without SFTP."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.errors import CameraFileError, CameraPathRefused
from tests.camera.conftest import ServedCamera


def local_listing(card: Path) -> dict[str, tuple[int, int]]:
    """Every regular file of the card as the client should report it: path -> (size, mtime)."""
    listing = {}
    for folder, _, names in os.walk(card):
        for name in names:
            info = (Path(folder) / name).lstat()
            listing[(Path(folder) / name).relative_to(card).as_posix()] = (info.st_size, int(info.st_mtime))
    return listing


def first_clip(card: Path) -> str:
    """The card-relative path of the first complete clip."""
    return next(path for path, (size, _) in sorted(local_listing(card).items()) if path.endswith(".mp4") and size)


async def test_the_client_picks_sftp_when_offered_and_shell_commands_otherwise(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    assert session.transport == served_camera.transport
    assert session.camera_id == served_camera.target.camera_id


async def test_listing_reports_every_file_with_size_and_mtime(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    files = await session.list_files()
    assert {remote.path: (remote.size, remote.mtime) for remote in files} == local_listing(served_camera.card_dir)
    assert [remote.path for remote in files] == sorted(remote.path for remote in files)
    assert any(remote.path.endswith(".mp4.tmp") for remote in files)
    assert any(remote.path.endswith(".mp4") and remote.size == 0 for remote in files)


async def test_listing_a_subfolder_keeps_paths_relative_to_the_card_root(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    files = await session.list_files("2026-11-20/02")
    assert files
    assert all(remote.path.startswith("2026-11-20/02/") for remote in files)


async def test_listing_a_missing_folder_is_a_file_error(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    with pytest.raises(CameraFileError, match="no-such-day"):
        await session.list_files("no-such-day")


@pytest.mark.parametrize(("offset", "length"), [(0, 8), (4095, 2), (5000, 70_000), (10, 1)])
async def test_ranged_reads_return_exactly_the_local_bytes(
    served_camera: ServedCamera, connections: CameraConnections, offset: int, length: int
) -> None:
    session = await connections.session(served_camera.target)
    clip = first_clip(served_camera.card_dir)
    expected = (served_camera.card_dir / clip).read_bytes()[offset : offset + length]
    assert await session.read_range(clip, offset, length) == expected
    assert session.bytes_read >= len(expected)


async def test_a_read_past_the_end_returns_only_what_is_there(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    clip = first_clip(served_camera.card_dir)
    content = (served_camera.card_dir / clip).read_bytes()
    assert await session.read_range(clip, len(content) - 100, 4096) == content[-100:]
    assert await session.read_range(clip, len(content) + 10, 100) == b""


async def test_bytes_read_counts_what_crossed_the_wire(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    clip = first_clip(served_camera.card_dir)
    await session.read_range(clip, 0, 4096)
    await session.read_range(clip, 8192, 4096)
    assert session.bytes_read == 8192  # block-aligned reads cost no extra bytes, even over dd


async def test_reading_a_missing_clip_is_a_file_error(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    with pytest.raises(CameraFileError, match=r"missing\.mp4"):
        await session.read_range("2026-11-20/01/missing.mp4", 0, 10)


async def test_disk_usage_is_consistent(served_camera: ServedCamera, connections: CameraConnections) -> None:
    session = await connections.session(served_camera.target)
    usage = await session.disk_usage()
    card_bytes = sum(size for size, _ in local_listing(served_camera.card_dir).values())
    assert usage.total_bytes > 0
    assert usage.used_bytes >= card_bytes
    assert usage.free_bytes >= 0
    assert usage.used_bytes + usage.free_bytes <= usage.total_bytes


async def test_read_text_returns_the_config_ini(served_camera: ServedCamera, connections: CameraConnections) -> None:
    session = await connections.session(served_camera.target)
    text = await session.read_text(served_camera.target.config_ini)
    assert text == served_camera.config_file.read_text()
    assert "[Recording]" in text


async def test_read_text_refuses_a_file_larger_than_its_limit(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    with pytest.raises(CameraFileError, match="larger than 20 bytes"):
        await session.read_text(served_camera.target.config_ini, max_bytes=20)


@pytest.mark.parametrize(
    "path", ["../etc/passwd", "/etc/passwd", "a/../../x", "2026-11-20/../../etc/shadow", "clip\x00.mp4", ".."]
)
async def test_paths_leaving_the_card_are_refused_before_any_io(
    served_camera: ServedCamera, connections: CameraConnections, path: str
) -> None:
    session = await connections.session(served_camera.target)
    with pytest.raises(CameraPathRefused):
        await session.read_range(path, 0, 10)
    with pytest.raises(CameraPathRefused):
        await session.list_files(path)
    assert session.bytes_read == 0
