"""Collector scans over a camera-like link (5 ms each way, 5 MB/s), against the simulator and OpenSSH, with and
without SFTP: the same facts and images' keyframes as a scan of the local files, one SFTP open per clip (at most
two exec calls), and a rescan of the unchanged card reads no clip bytes."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from libs.camera_simulator.link_timing import LinkShape
from libs.camera_simulator.request_counts import RequestCounts
from libs.camera_simulator.server import start_simulator
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.camera.remote_paths import card_path
from tests.camera.camera_sshd import running_sshd
from tests.camera.collector_scan import PREVIEW_FRAMES, CollectorScans, ScannedCard, local_scan
from tests.camera.conftest import SIM_PASSWORD, SIM_USER, ServedCamera, simulated_camera, sshd_camera
from tests.camera.test_camera_card_access import local_listing
from tests.camera_pools import camera_pool

LINK = LinkShape.of(5, 5_000_000)
FACTS_REQUESTS_PER_CLIP = 3  # head, tail, and the front of a moov larger than the tail


@pytest.fixture(scope="module")
async def linked_simulators(small_card: Path) -> AsyncIterator[dict[str, ServedCamera]]:
    """The simulator behind the link, with and without SFTP."""
    async with (
        await start_simulator(small_card, user=SIM_USER, password=SIM_PASSWORD, link=LINK) as with_sftp,
        await start_simulator(small_card, user=SIM_USER, password=SIM_PASSWORD, sftp=False, link=LINK) as shell,
    ):
        yield {"simulator-sftp": simulated_camera("sim-link-sftp", with_sftp, small_card, "sftp"),
               "simulator-exec": simulated_camera("sim-link-exec", shell, small_card, "exec")}


@pytest.fixture(scope="module")
def linked_sshds(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ServedCamera]]:
    """OpenSSH behind the link, with and without the SFTP subsystem."""
    with (
        running_sshd(tmp_path_factory.mktemp("sshd-link-sftp"), sftp=True, link=LINK) as with_sftp,
        running_sshd(tmp_path_factory.mktemp("sshd-link-exec"), sftp=False, link=LINK) as shell,
    ):
        yield {"sshd-sftp": sshd_camera("sshd-link-sftp", small_card, with_sftp),
               "sshd-exec": sshd_camera("sshd-link-exec", small_card, shell)}


@pytest.fixture(params=["simulator-sftp", "simulator-exec", "sshd-sftp", "sshd-exec"])
def linked_camera(request: pytest.FixtureRequest) -> ServedCamera:
    """Each test runs against the four kinds of camera, behind the link."""
    kind: str = request.param
    cameras: dict[str, ServedCamera] = request.getfixturevalue(
        "linked_simulators" if kind.startswith("simulator") else "linked_sshds"
    )
    return cameras[kind]


def card_clips(card: Path) -> list[RemoteFile]:
    """Every .mp4 of the card, as the camera lists it."""
    listing = local_listing(card)
    return [RemoteFile(path, *listing[path]) for path in sorted(listing) if path.endswith(".mp4")]


async def camera_scan(served: ServedCamera, folder: Path, images: bool = True) -> ScannedCard:
    """A collector scan of the served camera, with images or not, into the store under folder (a later scan
    with the same folder sees what earlier ones stored)."""
    pool = camera_pool(folder, 10, 10, max_parallel=16)
    try:
        return await CollectorScans(pool, served.target, folder, camera_max_parallel=16).scan(thumbnails=images)
    finally:
        await pool.close()


def counted(served: ServedCamera) -> RequestCounts:
    """A copy of what the camera counted so far (the simulator's counts go on changing)."""
    counts = served.counts()
    return RequestCounts(Counter(counts.sftp_opens), Counter(counts.sftp_reads), list(counts.exec_commands))


def clip_requests(served: ServedCamera, before: RequestCounts) -> tuple[dict[str, int], dict[str, int], int]:
    """SFTP opens and read requests per card-relative clip path, and exec calls, since `before`."""
    after = counted(served)
    opens, reads = {}, {}
    for remote in card_clips(served.card_dir):
        absolute = card_path(served.target.sd_root, remote.path)
        opens[remote.path] = after.sftp_opens[absolute] - before.sftp_opens[absolute]
        reads[remote.path] = after.sftp_reads[absolute] - before.sftp_reads[absolute]
    return opens, reads, after.exec_calls - before.exec_calls


async def test_a_scan_over_the_link_stores_the_facts_and_keyframes_of_the_local_files(
    linked_camera: ServedCamera, tmp_path: Path
) -> None:
    scanned = await camera_scan(linked_camera, tmp_path / "camera")
    expected = await local_scan(linked_camera.card_dir, tmp_path / "local")
    assert scanned.outcomes() == expected.outcomes()
    assert {clip.status for clip in scanned.clips.values()} == {"ok", "incomplete", "unreadable"}
    assert len(scanned.keyframe_packs) == sum(clip.status == "ok" for clip in scanned.clips.values())


async def test_a_scan_opens_each_clip_once_and_its_requests_stay_within_their_bounds(
    linked_camera: ServedCamera, tmp_path: Path
) -> None:
    before = counted(linked_camera)
    scanned = await camera_scan(linked_camera, tmp_path)
    opens, reads, calls = clip_requests(linked_camera, before)
    with_bytes = [remote.path for remote in card_clips(linked_camera.card_dir) if remote.size]
    if linked_camera.transport == "exec":
        before = counted(linked_camera)
        await camera_scan(linked_camera, tmp_path, images=False)  # reads no clip: listing, df, config, card state
        _, _, calls_of_a_scan = clip_requests(linked_camera, before)
        assert (calls - calls_of_a_scan) / len(with_bytes) <= 2
        return
    assert all(opens[path] == 1 for path in with_bytes), opens
    assert all(reads[path] <= FACTS_REQUESTS_PER_CLIP + PREVIEW_FRAMES for path in with_bytes), reads
    assert scanned.record.bytes_read + scanned.record.image_bytes_read > 0


async def test_images_wanted_for_clips_with_cached_facts_open_each_clip_once_more(
    linked_camera: ServedCamera, tmp_path: Path
) -> None:
    facts_only = await camera_scan(linked_camera, tmp_path, images=False)
    before = counted(linked_camera)
    with_images = await camera_scan(linked_camera, tmp_path)
    opens, _, _ = clip_requests(linked_camera, before)
    healthy = [path for path, clip in with_images.clips.items() if clip.status == "ok"]
    assert with_images.record.clips_cached == with_images.record.clips_total
    assert sorted(with_images.keyframe_packs) == sorted(healthy)
    if linked_camera.transport == "sftp":
        assert all(opens[path] == 1 for path in healthy), "one open reads the index again and the keyframes"
    assert facts_only.record.image_bytes_read == 0 < with_images.record.image_bytes_read


async def test_a_rescan_of_the_unchanged_card_reads_no_clip_bytes(linked_camera: ServedCamera, tmp_path: Path) -> None:
    first = await camera_scan(linked_camera, tmp_path)
    before = counted(linked_camera)
    second = await camera_scan(linked_camera, tmp_path)
    opens, reads, _ = clip_requests(linked_camera, before)
    assert first.record.bytes_read > 0
    assert (second.record.bytes_read, second.record.image_bytes_read) == (0, 0)
    assert second.record.clips_cached == second.record.clips_total == first.record.clips_total
    assert not any(opens.values()) and not any(reads.values())
