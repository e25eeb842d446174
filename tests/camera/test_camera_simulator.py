"""The simulator's card looks like a real camera's, and its server exposes the card and nothing else."""

from __future__ import annotations

import configparser
import json
import shlex
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import asyncssh
import pytest

from libs.camera_simulator.card_builder import build_card, default_config_path
from libs.camera_simulator.server import RunningSimulator
from tests.camera.conftest import SIM_PASSWORD, SIM_USER


def ffprobe(path: Path) -> dict[str, object]:
    """ffprobe's JSON view of a file's streams and format."""
    output = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout
    result: dict[str, object] = json.loads(output)
    return result


def test_clips_follow_the_camera_layout_and_are_real_h264(small_card: Path) -> None:
    clips = sorted(small_card.glob("*/*/*.mp4"))
    assert clips[0].relative_to(small_card).as_posix().startswith("2026-11-20/01/20261120-01")
    healthy = [clip for clip in clips if clip.stat().st_size > 100_000 // 10 and clip != clips[-1]]
    probe = ffprobe(healthy[0])
    streams = {stream["codec_type"]: stream for stream in probe["streams"]}  # type: ignore[attr-defined]
    assert streams["video"]["codec_name"] == "h264"
    assert streams["video"]["profile"] == "Main"
    assert streams["video"]["pix_fmt"] == "yuv420p"
    assert (streams["video"]["width"], streams["video"]["height"]) == (320, 180)
    assert (streams["audio"]["codec_name"], streams["audio"]["sample_rate"]) == ("aac", "16000")
    data = healthy[0].read_bytes()
    assert data.find(b"mdat") < data.find(b"moov"), "cameras write the moov box at the end"


def test_the_card_holds_what_a_power_cut_leaves(small_card: Path) -> None:
    clips = sorted(small_card.glob("*/*/*.mp4"))
    assert b"moov" not in clips[-1].read_bytes(), "the last clip is cut before its moov"
    assert any(clip.stat().st_size == 0 for clip in clips)
    assert list(small_card.glob("*/*/*.mp4.tmp"))
    assert list(small_card.glob("*/*/*.db"))


def test_the_card_has_a_recording_gap(small_card: Path) -> None:
    first_hour = sorted(path.name for path in (small_card / "2026-11-20" / "01").glob("*.mp4"))
    assert first_hour == ["20261120-010000.mp4", "20261120-013000.mp4", "20261120-014500.mp4"]


def test_clip_mtimes_are_the_clip_end_times(small_card: Path) -> None:
    clip = small_card / "2026-11-20" / "02" / "20261120-021500.mp4"
    assert clip.stat().st_mtime == datetime(2026, 11, 20, 2, 15, tzinfo=UTC).timestamp() + 3.0


def test_the_config_ini_schedule_has_continuous_boost_and_off_hours(small_card: Path) -> None:
    parser = configparser.ConfigParser()
    parser.read(default_config_path(small_card))
    schedule = dict(parser["Recording"])
    assert sorted(schedule) == sorted(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
    assert all(len(hours) == 24 and set(hours) <= set("0123456789A") for hours in schedule.values())
    halves = {value // 4 for hours in schedule.values() for value in (int(c, 16) for c in hours)}
    halves |= {value % 4 for hours in schedule.values() for value in (int(c, 16) for c in hours)}
    assert halves == {0, 1, 2}


def test_a_clean_card_has_every_clip_and_nothing_else(tmp_path: Path) -> None:
    card = build_card(tmp_path / "card", days=[date(2026, 1, 2), date(2026, 1, 3)], hours=[5], clips_per_hour=3,
                      clip_seconds=1.0, width=160, height=96, fps=5, bitrate_kbps=100, audio=False, broken=False)
    files = sorted(path.relative_to(card).as_posix() for path in card.rglob("*") if path.is_file())
    assert files == [
        f"2026-01-0{day}/05/2026010{day}-05{minute}00.mp4" for day in (2, 3) for minute in ("00", "20", "40")
    ]
    assert all((card / name).stat().st_size > 0 for name in files)


async def _connect(simulator: RunningSimulator) -> asyncssh.SSHClientConnection:
    """A raw asyncssh connection to the simulator."""
    return await asyncssh.connect(simulator.host, simulator.port, username=SIM_USER, password=SIM_PASSWORD,
                                  known_hosts=simulator.trusted_host_keys(), client_keys=None, config=None)


@pytest.mark.parametrize("command", ["rm -rf /mnt/sdcard", "sh -c id", "ls /", "cat /etc/passwd; id"])
async def test_the_shell_runs_only_its_own_commands(simulator_exec: RunningSimulator, command: str) -> None:
    async with await _connect(simulator_exec) as connection:
        result = await connection.run(command)
    assert result.exit_status in (1, 2, 127)
    assert result.stdout == ""


async def test_the_shell_refuses_paths_outside_the_card(simulator_exec: RunningSimulator) -> None:
    async with await _connect(simulator_exec) as connection:
        result = await connection.run(f"cat {shlex.quote('/mnt/sdcard/../../etc/passwd')}")
    assert result.exit_status == 1
    assert "No such file" in str(result.stderr)


async def test_sftp_exposes_only_the_card_and_config_and_is_read_only(simulator_sftp: RunningSimulator) -> None:
    async with await _connect(simulator_sftp) as connection, connection.start_sftp_client() as sftp:
        assert await sftp.exists(simulator_sftp.config_ini)
        for outside in ("/etc/passwd", "/mnt/sdcard/../../etc/passwd", "/"):
            with pytest.raises(asyncssh.SFTPError):
                await sftp.stat(outside)
        with pytest.raises(asyncssh.SFTPError):
            await sftp.open("/mnt/sdcard/new.mp4", "wb")
        with pytest.raises(asyncssh.SFTPError):
            await sftp.remove(simulator_sftp.config_ini)


async def test_a_simulator_without_sftp_refuses_the_subsystem(simulator_exec: RunningSimulator) -> None:
    async with await _connect(simulator_exec) as connection:
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await connection.start_sftp_client()
