"""Over a camera-like link (5 ms each way, 5 MB/s), against the simulator and OpenSSH, with and without SFTP:
the same facts and images as without the link, within the server-side bounds of opens, reads and exec calls."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from libs.camera_simulator.link_timing import LinkShape
from libs.camera_simulator.server import start_simulator
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.camera.remote_paths import card_path
from libs.common.adapters.media.tail_first import TailGuess
from tests.camera.camera_sshd import running_sshd
from tests.camera.clip_flow import local_opener, read_clip
from tests.camera.conftest import SIM_PASSWORD, SIM_USER, ServedCamera, simulated_camera, sshd_camera
from tests.camera.test_camera_batched_reads import same_outcome
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


async def test_facts_and_keyframes_over_the_link_are_those_of_the_local_files(
    linked_camera: ServedCamera, tmp_path: Path
) -> None:
    clips = card_clips(linked_camera.card_dir)
    pool = camera_pool(tmp_path, 10, 10, max_parallel=16)
    try:
        session = await pool.session(linked_camera.target)
        guess = TailGuess()
        results = await asyncio.gather(*(read_clip(session.open_clip, remote, guess) for remote in clips))
    finally:
        await pool.close()
    local, local_guess = local_opener(linked_camera.card_dir), TailGuess()
    expected = [await read_clip(local, remote, local_guess) for remote in clips]
    assert [same_outcome(result) for result in results] == [same_outcome(result) for result in expected]


async def test_requests_per_clip_counted_by_the_server_stay_within_their_bounds(
    linked_camera: ServedCamera, tmp_path: Path
) -> None:
    clips = [remote for remote in card_clips(linked_camera.card_dir) if remote.size]
    before = linked_camera.counts()
    opens, reads, calls = dict(before.sftp_opens), dict(before.sftp_reads), before.exec_calls
    pool = camera_pool(tmp_path, 10, 10, max_parallel=16)
    try:
        session = await pool.session(linked_camera.target)
        guess = TailGuess()
        results = await asyncio.gather(*(read_clip(session.open_clip, remote, guess) for remote in clips))
    finally:
        await pool.close()
    after = linked_camera.counts()
    if linked_camera.transport == "exec":
        assert (after.exec_calls - calls) / len(clips) <= 2
        return
    for remote, result in zip(clips, results, strict=True):
        absolute = card_path(linked_camera.target.sd_root, remote.path)
        assert after.sftp_opens[absolute] - opens.get(absolute, 0) == 1, remote.path
        keyframe_requests = len(result.keyframes)
        assert after.sftp_reads[absolute] - reads.get(absolute, 0) <= FACTS_REQUESTS_PER_CLIP + keyframe_requests
