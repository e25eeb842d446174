"""A camera judged while it records: a recorder appends to the clip being written while each scan runs, against the
simulator and Debian's OpenSSH, over SFTP and exec-only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from libs.camera_simulator.card_recorder import CardRecorder, recording_template
from libs.camera_simulator.simulated_clock import SimulatedClock
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.target import CameraTarget
from libs.common.domain.coverage import day_coverage
from libs.common.domain.schedule import WEEKDAYS, WeeklySchedule
from tests.camera.recording_camera import (
    CLIP_S,
    RecordingJudge,
    at_phase,
    camera_day,
    live_card,
    over_card,
    problems,
    simulated,
)

HISTORY_CLIPS = 6
ALWAYS = WeeklySchedule.model_validate({"days": {name: ["continuous"] * 48 for name in WEEKDAYS}})


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4 s camera clip, moov at the end."""
    return recording_template(tmp_path_factory.mktemp("recording") / "clip.mp4", CLIP_S)


@asynccontextmanager
async def served(kind: str, card: Path, clock: SimulatedClock,
                 request: pytest.FixtureRequest) -> AsyncIterator[CameraTarget]:
    """The live card served as `kind`: simulator-sftp, simulator-exec, sshd-sftp or sshd-exec."""
    if kind.startswith("sshd"):
        yield over_card(request.getfixturevalue(kind.replace("-", "_")), card)
        return
    async with simulated(card, sftp=kind.endswith("sftp"), clock=clock) as simulator:
        yield simulator.target(kind.upper())


@pytest.mark.parametrize("kind", ["simulator-sftp", "simulator-exec", "sshd-sftp", "sshd-exec"])
async def test_a_camera_recording_cleanly_passes_mid_clip_and_just_after_a_clip_closed(
    kind: str, template: Path, tmp_path: Path, connections: CameraConnections, request: pytest.FixtureRequest
) -> None:
    clock = SimulatedClock()
    card = live_card(tmp_path)
    recorder = CardRecorder(card, template, CLIP_S, now=clock.now)
    recorder.backfill(HISTORY_CLIPS)
    async with served(kind, card, clock, request) as target, recorder:
        judge = RecordingJudge(connections, target, tmp_path / "judge")
        await at_phase(recorder, clock, 0.3, 0.6)
        being_written = recorder.current
        assert being_written is not None
        day = await judge.scan(camera_day(clock))
        answer = await judge.judge(day.date)
        assert answer.verdict == "pass", problems(answer)
        live = [clip for clip in day.clips if clip.status == "recording"]
        assert [clip.path for clip in live] == [str(being_written.relative_to(card))]
        assert answer.days[0].judged_until == live[0].start.replace(tzinfo=UTC)
        coverage = day_coverage(day, ALWAYS, ZoneInfo("UTC"))
        assert coverage.totals.span is not None and coverage.totals.broken_clips == 0
        assert all(end <= coverage.totals.span.start for row in coverage.half_hours for _, end in row.gaps), \
            "no gap once recording began: the future is not judged"
        assert coverage.totals.recorded_s >= HISTORY_CLIPS * CLIP_S + 0.3 * CLIP_S, "the clip being written counts"

        await at_phase(recorder, clock, 0.0, 0.15)
        day = await judge.scan(camera_day(clock))
        answer = await judge.judge(day.date)
        assert answer.verdict == "pass", problems(answer)
        closed = {clip.path: clip.status for clip in day.clips}
        assert closed[live[0].path] == "ok", "the clip written at the last scan is read again, closed"
        assert list(closed.values()).count("recording") <= 1


@pytest.mark.parametrize("kind", ["simulator-exec", "sshd-sftp"])
async def test_a_clip_cut_by_a_power_cut_mid_day_still_fails(
    kind: str, template: Path, tmp_path: Path, connections: CameraConnections, request: pytest.FixtureRequest
) -> None:
    clock = SimulatedClock()
    card = live_card(tmp_path)
    recorder = CardRecorder(card, template, CLIP_S, now=clock.now)
    cut = recorder.backfill(HISTORY_CLIPS, cut={2})[2]
    async with served(kind, card, clock, request) as target, recorder:
        judge = RecordingJudge(connections, target, tmp_path / "judge")
        await at_phase(recorder, clock, 0.2, 0.7)
        day = await judge.scan(camera_day(clock))
        answer = await judge.judge(day.date)
    assert answer.verdict == "fail"
    broken = [found for found in answer.issues if found.check == "broken"]
    assert [found.paths for found in broken] == [[str(cut.relative_to(card))]]
    assert "no moov box" in broken[0].detail
    assert [clip.status for clip in day.clips].count("incomplete") == 1


async def test_a_fragmented_clip_being_written_is_judged_up_to_its_last_complete_fragment(
    tmp_path: Path, connections: CameraConnections
) -> None:
    clock = SimulatedClock()
    card = live_card(tmp_path)
    fragmented = recording_template(tmp_path / "fragmented.mp4", CLIP_S, fragmented=True)
    recorder = CardRecorder(card, fragmented, CLIP_S, now=clock.now, fragmented=True)
    recorder.backfill(HISTORY_CLIPS)
    async with simulated(card, sftp=True, clock=clock) as simulator, recorder:
        judge = RecordingJudge(connections, simulator.target("FRAG01"), tmp_path / "judge")
        await at_phase(recorder, clock, 0.6, 0.9)
        day = await judge.scan(camera_day(clock))
        answer = await judge.judge(day.date)
    assert answer.verdict == "pass", problems(answer)
    (live,) = [clip for clip in day.clips if clip.status == "recording"]
    assert live.facts is not None and live.facts.fragmented
    assert 1.0 <= live.facts.duration_s < CLIP_S, "the complete fragments so far, not the whole clip"
    assert datetime.fromisoformat(day.date) <= live.start
