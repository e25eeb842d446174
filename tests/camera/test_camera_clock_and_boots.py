"""The camera's clock and boots planted in the simulator while it records: an offset, a step between two scans and a
reboot are each found once, and the gap the reboot leaves says it was a reboot."""

from __future__ import annotations

from pathlib import Path

import pytest

from libs.camera_simulator.card_recorder import CardRecorder, recording_template
from libs.camera_simulator.simulated_clock import SimulatedClock
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.documents.card_health import load_card_health
from tests.camera.recording_camera import CLIP_S, RecordingJudge, at_phase, camera_day, live_card, problems, simulated
from tools.local_servers.polling import eventually

HISTORY_CLIPS = 4


@pytest.fixture(scope="session")
def clock_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4 s camera clip, moov at the end."""
    return recording_template(tmp_path_factory.mktemp("clock") / "clip.mp4", CLIP_S)


def recorder_on(card: Path, template: Path, clock: SimulatedClock) -> CardRecorder:
    """A recorder on the camera's clock with a few closed clips behind it."""
    recorder = CardRecorder(card, template, CLIP_S, now=clock.now)
    recorder.backfill(HISTORY_CLIPS)
    return recorder


@pytest.mark.parametrize(("offset_s", "severity"), [(45.0, "fail"), (-8.0, "warn")])
async def test_a_camera_clock_off_ours_is_found_once(
    offset_s: float, severity: str, clock_template: Path, tmp_path: Path, connections: CameraConnections
) -> None:
    clock = SimulatedClock(offset_s=offset_s)
    card = live_card(tmp_path)
    async with simulated(card, sftp=False, clock=clock) as simulator, \
            recorder_on(card, clock_template, clock) as recorder:
        judge = RecordingJudge(connections, simulator.target("OFFSET01"), tmp_path / "judge")
        await at_phase(recorder, clock, 0.2, 0.7)
        day = await judge.scan(camera_day(clock))
        answer = await judge.judge(day.date)
    assert [(found.check, found.severity) for found in answer.issues] == [("clock_offset", severity)], problems(answer)
    assert answer.issues[0].measured["offset_s"] == pytest.approx(offset_s, abs=0.5)
    camera = answer.days[0].camera
    assert camera is not None and camera.clock_offset_s == pytest.approx(offset_s, abs=0.5)
    assert [clip.status for clip in day.clips].count("recording") == 1, "the clip is judged on the camera's clock"
    relaxed = await judge.judge(day.date, clock_offset_warn_s=60, clock_offset_fail_s=120)
    assert relaxed.verdict == "pass", "a request may allow a larger offset"


async def test_a_clock_step_between_two_scans_is_found_once(
    clock_template: Path, tmp_path: Path, connections: CameraConnections
) -> None:
    clock = SimulatedClock()
    card = live_card(tmp_path)
    async with simulated(card, sftp=True, clock=clock) as simulator, \
            recorder_on(card, clock_template, clock) as recorder:
        judge = RecordingJudge(connections, simulator.target("STEP01"), tmp_path / "judge")
        await at_phase(recorder, clock, 0.2, 0.7)
        first = await judge.judge((await judge.scan(camera_day(clock))).date)
        assert first.verdict == "pass", problems(first)
        clock.step(-1.5)  # within the tolerance: no step
        clock.step(+21.5)  # an NTP sync: 20 s forward in all
        await at_phase(recorder, clock, 0.2, 0.7)
        day = await judge.scan(camera_day(clock))
        answer = await judge.judge(day.date)
    assert answer.summary.by_check == {"gap": 1, "clock_step": 1, "clock_offset": 1}, problems(answer)
    step = next(found for found in answer.issues if found.check == "clock_step")
    assert step.measured["change_s"] == pytest.approx(20.0, abs=0.5)
    gap = next(found for found in answer.issues if found.check == "gap")
    assert gap.measured["cause"] == "stopped", "the clip names jump with the clock: no boot explains it"


async def test_a_reboot_is_found_once_and_the_gap_it_leaves_says_reboot(
    clock_template: Path, tmp_path: Path, connections: CameraConnections
) -> None:
    clock = SimulatedClock()
    card = live_card(tmp_path)
    async with simulated(card, sftp=False, clock=clock) as simulator, \
            recorder_on(card, clock_template, clock) as recorder:
        judge = RecordingJudge(connections, simulator.target("BOOT01"), tmp_path / "judge")
        await at_phase(recorder, clock, 0.1, 0.8)
        first = await judge.judge((await judge.scan(camera_day(clock))).date)
        assert first.verdict == "pass", problems(first)
        recorder.pause()
        await eventually(lambda: recorder.current is None, timeout_s=2 * CLIP_S, what="the last clip to close")
        stopped = clock.now()
        simulator.reboot()
        await eventually(lambda: clock.now() - stopped >= 4.0, timeout_s=10, what="the camera to come back up")
        recorder.resume()
        await at_phase(recorder, clock, 0.3, 0.8)
        day = await judge.scan(camera_day(clock))
        answer = await judge.judge(day.date)
    assert sorted((found.check, found.severity) for found in answer.issues) == [
        ("gap", "fail"), ("reboot", "warn")], problems(answer)
    gap = next(found for found in answer.issues if found.check == "gap")
    assert gap.measured["cause"] == "reboot" and "booted" in gap.detail
    camera = answer.days[0].camera
    assert camera is not None and camera.boot_id == clock.boot_id and len(camera.boots) == 1
    health = await load_card_health(judge.scans.store, "BOOT01")
    assert health is not None and health.boot_id == clock.boot_id, "the card's kernel log is read per boot"
