"""Benchmark many cameras watched at once: 50 ids on one OpenSSH server (one card folder each), one watch each
every 60 s, a recorder process closing one 60 s clip per camera per minute. Measures how late the ticks end
(p50, p95), the product's CPU per tick and per wall second, SSH handshakes in flight (gate and sshd refusals),
and the connections held per camera.

Run: .venv/bin/python bench/bench_fleet_watch.py [--cameras 50] [--minutes 5] [--every 60]
"""

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from libs.camera_simulator.card_recorder import CardRecorder, recording_template
from libs.camera_simulator.schedule_ini import CONTINUOUS, WEEKDAYS, hour_character, write_config_ini
from libs.camera_simulator.system_files import default_system_path, write_system_files
from libs.common.adapters.camera.target import CameraTarget
from tests.camera.camera_sshd import running_sshd
from tests.embedded_system import running_system
from tools.local_servers.asgi_server import serve_app

REPO = Path(__file__).resolve().parents[1]
CLIP_S = 60.0


def card_folder(root: Path, number: int) -> Path:
    """Camera `number`'s card: a continuous schedule, its system files; the recorder fills it."""
    card = root / f"cam{number:02d}" / "sdcard"
    card.mkdir(parents=True, exist_ok=True)
    write_config_ini(card.parent / "config" / "camera.ini",
                     schedule={day: hour_character(CONTINUOUS, CONTINUOUS) * 24 for day in WEEKDAYS})
    write_system_files(default_system_path(card))
    return card


def recorders(root: Path, cameras: int) -> list[CardRecorder]:
    """Every camera's card and recorder, five closed clips already on each."""
    root.mkdir(parents=True, exist_ok=True)
    template = recording_template(root / "template.mp4", CLIP_S)
    made = [CardRecorder(card_folder(root, number), template, CLIP_S) for number in range(cameras)]
    for recorder in made:
        recorder.backfill(5)
    return made


async def record(made: list[CardRecorder]) -> None:
    """The recorder process: every camera closes a CLIP_S clip each minute, until the process is ended."""
    for recorder in made:
        recorder.start()
    print("recording", flush=True)
    await asyncio.Event().wait()


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def follow_ticks(api: httpx.AsyncClient, watch_ids: list[str], until: float) -> list[float]:
    """Seconds each tick ended after it was due (last_tick minus the previous next_tick), polled every second."""
    due: dict[str, tuple[int, str | None]] = {}
    late: list[float] = []
    while time.monotonic() < until:
        for view in (await api.get("/api/v1/watches")).json():
            if view["watch_id"] not in watch_ids:
                continue
            ticks, next_tick = view["ticks"], view["next_tick"]
            seen = due.get(view["watch_id"])
            if seen is not None and ticks == seen[0] + 1 and seen[1] is not None and view["last_tick"]:
                late.append((datetime.fromisoformat(view["last_tick"])
                             - datetime.fromisoformat(seen[1])).total_seconds())
            if seen is None or ticks != seen[0]:
                due[view["watch_id"]] = (ticks, next_tick)
        await asyncio.sleep(1.0)
    return late


async def main(cameras: int, minutes: float, every_s: float, stagger: bool) -> None:
    """Cards and recorder, one sshd, the embedded product in this process; watches; measure; report."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        recorder = await asyncio.create_subprocess_exec(sys.executable, __file__, "--record", str(root / "cards"),
                                                        str(cameras), cwd=REPO, stdout=subprocess.PIPE)
        try:
            assert recorder.stdout is not None
            assert (await asyncio.wait_for(recorder.stdout.readline(), 120)).strip() == b"recording"
            with running_sshd(root / "sshd", sftp=True) as sshd:
                targets = [CameraTarget(camera_id=f"FLEET{number:02d}", host="127.0.0.1", port=sshd.port,
                                        user=sshd.user, key_file=str(sshd.client_key),
                                        sd_root=str(root / "cards" / f"cam{number:02d}" / "sdcard"),
                                        config_ini=str(root / "cards" / f"cam{number:02d}" / "config" / "camera.ini"),
                                        host_key_fingerprint=sshd.host_key_fingerprint) for number in range(cameras)]
                await measure(root / "data", targets, minutes, every_s, stagger)
        finally:
            recorder.terminate()
            await recorder.wait()


async def measure(data_dir: Path, targets: list[CameraTarget], minutes: float, every_s: float,
                  stagger: bool) -> None:
    """Run the watches for `minutes` (started together, or spread over one interval) and print the figures."""
    async with running_system(data_dir, targets, watch_min_every_s=1.0, preview_frames=2) as system, \
            serve_app(system.web_app) as base_url, httpx.AsyncClient(base_url=base_url, timeout=60) as api:
        cpu0, wall0 = time.process_time(), time.monotonic()
        watch_ids = []
        for target in targets:
            answer = await api.post(f"/api/v1/cameras/{target.camera_id}/watch", json={"every_s": every_s})
            assert answer.status_code == 201, answer.text
            watch_ids.append(answer.json()["watch_id"])
            if stagger:
                await asyncio.sleep(every_s / len(targets))
        late = await follow_ticks(api, watch_ids, wall0 + minutes * 60)
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
        views = [view for view in (await api.get("/api/v1/watches")).json() if view["watch_id"] in watch_ids]
        ticks = sum(view["ticks"] for view in views)
        failed = sum(len(view["unreachable"]) for view in views)
        links = system.connections._links.values()  # the bench reads the pool's own counts
        print(f"{len(targets)} cameras, a watch each every {every_s:g} s "
              f"({'started over one interval' if stagger else 'started together'}), {wall:.0f} s, {ticks} ticks "
              f"({failed} unreachable incidents)")
        if late:
            print(f"tick end after due: p50 {percentile(late, 0.5):.2f} s, p95 {percentile(late, 0.95):.2f} s, "
                  f"max {max(late):.2f} s ({len(late)} ticks timed)")
        print(f"CPU of the product: {cpu:.1f} s in {wall:.0f} s = {cpu / wall:.2f} of one core; "
              f"{1000 * cpu / max(ticks, 1):.0f} ms per tick (one camera)")
        print(f"SSH handshakes in flight at most: {system.connections.handshakes.peak} "
              f"(limit {system.settings.camera_max_handshakes})")
        print(f"connections: {len(links)} cameras with a link, at most "
              f"{max((link.connections_opened for link in links), default=0)} opened per camera over the run")
        print(f"ticks per camera: {statistics.mean(view['ticks'] for view in views):.1f} mean, "
              f"{min(view['ticks'] for view in views)} min")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--every", type=float, default=60.0)
    parser.add_argument("--stagger", action="store_true", help="start the watches spread over one interval")
    parser.add_argument("--record", nargs=2, metavar=("ROOT", "CAMERAS"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.record:
        asyncio.run(record(recorders(Path(arguments.record[0]), int(arguments.record[1]))))
    else:
        asyncio.run(main(arguments.cameras, arguments.minutes, arguments.every, arguments.stagger))
