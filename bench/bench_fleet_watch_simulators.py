"""Fifty simulated cameras watched at once, every part in its own process (issue 19, item 4): tick lateness, CPU per
tick, SSH handshakes and connections as the cameras count them, then the fleet page with 200 cameras.

bench/bench_fleet_watch.py runs the same watches against one OpenSSH under 50 ids with the product in the bench's
process; this one puts each camera behind its own simulator (own port and host key), counts handshakes on the
cameras' side, splits lateness into start and done and keeps the product's CPU apart from the bench's.

Run: .venv/bin/python bench/bench_fleet_watch_simulators.py [--cameras 50] [--minutes 10] [--every 60] [--clip-s 60]
     [--page-cameras 200] [--settings NAME=VALUE ...]

The cameras: `python -m libs.camera_simulator.fleet_main` in its own process, one simulator per camera (own port,
own pinned host key, own card with a continuous schedule and --backfill closed clips), and a recorder per card
adding one --clip-s clip per camera per period (160x96, 10 fps, ~1 MB a minute; the clip being written grows with
no index). The product: `python -m services.embedded` in its own process with the fleet in its cameras file and
default settings (SDB_CAMERA_MAX_HANDSHAKES 8). The bench starts one watch per camera (`POST
/api/v1/cameras/{id}/watch`, every --every s, all at once), polls `GET /api/v1/watches` every POLL_S and follows
`GET /api/v1/events` for each tick's scan id.

- lateness: a tick is due at the watch's `next_tick` before it (the watch's start for the first); "start" is due →
  the tick's scan queued (`created` of the scan named by its `watch.tick` event), "done" is due → `last_tick` (scan,
  images and judgement included). All ticks, and the steady ones (every tick but each watch's first, which reads
  the whole card).
- CPU: the product's process tree from /proc (in brackets: its image worker processes), over the steady window
  (from one period + 30 s after the watches started to the end), per tick done in that window and as cores busy.
- handshakes: the most connections the fleet's cameras had at once that had not finished logging in, counted by
  the cameras; connections: the most each camera had open at once (sampled every second) and accepted in all.
- load: the 1-minute load average at the start and end of the steady window, and its mean over the polls.
Then, over the same data, the product again with --page-cameras cameras registered: the fleet's and clones of
their stored documents (days, clip facts, card and clock readings; not their watches) at an address nobody answers.
Timed: the first `GET /api/v1/fleet` (nothing kept yet), then 20 of `/` and of it over HTTP, and headless Chromium
from navigating to `/` until every row shows (bench/fleet_page.py).
Prints Markdown.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.embedded_process import CpuSampler, EmbeddedProcess, embedded_process, tree_cpu_s
from bench.fleet_cameras_process import FleetProcess, camera_fleet_process
from bench.fleet_page import clone_cameras, page_rows, unreachable_targets
from bench.tick_log import TickLog, lateness, mean_interval_s
from libs.common.service.logging_setup import configure_logging
from tests.watch.sse_follower import Follower

POLL_S = 10.0
FLEET_EVENTS = "/api/v1/events"


async def queued_times(product: EmbeddedProcess, follower: Follower, log: TickLog) -> None:
    """Fill in each tick's scan queue time from its watch.tick event and that scan."""
    scans = {(data["watch_id"], data["ticks"]): data["scan_id"] for data in follower.kinds(FLEET_EVENTS, "watch.tick")}
    for tick in log.ticks:
        scan_id = scans.get((tick.watch_id, tick.seq))
        if scan_id:
            view = (await product.api.get(f"/api/v1/scans/{scan_id}")).json()
            tick.queued = datetime.fromisoformat(view["created"])


async def watch_fleet(fleet: FleetProcess, work: Path, options: argparse.Namespace) -> dict[str, Any]:
    """Watch every camera for options.minutes; the figures."""
    settings = dict(pair.split("=", 1) for pair in options.settings)
    async with embedded_process(fleet.targets, work, data=work / "data", **settings) as product:
        follower, sampler, log = Follower(), CpuSampler(product.process.pid), TickLog()
        follower.follow(product.api, FLEET_EVENTS)
        await asyncio.sleep(2)  # the image worker processes are up: their start-up is not the ticks' CPU
        started = datetime.now(UTC)
        for target in fleet.targets:
            answer = await product.api.post(f"/api/v1/cameras/{target.camera_id}/watch",
                                            json={"every_s": options.every})
            answer.raise_for_status()
        steady_from = started + timedelta(seconds=options.every + 30)
        end = started + timedelta(minutes=options.minutes)
        marks: dict[str, tuple[datetime, dict[int, float], float]] = {}
        loads: list[float] = []
        while (now := datetime.now(UTC)) < end:
            log.observe((await product.api.get("/api/v1/watches")).json())
            if "steady" not in marks and now >= steady_from:
                marks["steady"] = (now, tree_cpu_s(product.process.pid), os.getloadavg()[0])
            if "steady" in marks:
                loads.append(os.getloadavg()[0])
            sampler.sample()
            await asyncio.sleep(min(POLL_S, max(0.0, (end - datetime.now(UTC)).total_seconds())))
        log.observe((await product.api.get("/api/v1/watches")).json())
        marks["end"] = (datetime.now(UTC), tree_cpu_s(product.process.pid), os.getloadavg()[0])
        await queued_times(product, follower, log)
        await follower.close()
    return cpu_figures(product.process.pid, marks, log) | {"log": log, "loads": loads}


def cpu_figures(root: int, marks: dict[str, tuple[datetime, dict[int, float], float]], log: TickLog) -> dict[str, Any]:
    """CPU of the steady window: total and image workers, per tick done in it and as cores busy."""
    (start, cpu_start, load_start), (end, cpu_end, load_end) = marks["steady"], marks["end"]
    total = sum(cpu_end.values()) - sum(cpu_start.values())
    workers = sum(cpu_end.values()) - cpu_end.get(root, 0.0) - (sum(cpu_start.values()) - cpu_start.get(root, 0.0))
    wall = (end - start).total_seconds()
    ticks = log.done_between(start, end)
    return {"window_s": wall, "window_ticks": ticks, "cpu_s": total, "workers_cpu_s": workers,
            "load_start": load_start, "load_end": load_end}


def report(options: argparse.Namespace, figures: dict[str, Any], counts: dict[str, Any]) -> list[str]:
    """The Markdown lines of the watch run."""
    log: TickLog = figures["log"]
    every_late, steady_late = lateness(log.ticks), lateness([tick for tick in log.ticks if tick.seq > 1])
    ticks, wall, cpu = figures["window_ticks"], figures["window_s"], figures["cpu_s"]
    cameras = counts.get("cameras", {})
    loads = figures["loads"]
    lines = [f"{options.cameras} cameras, a watch each every {options.every:g} s, {options.minutes:g} min, "
             f"{os.cpu_count()} cores; load average {figures['load_start']:.1f} → {figures['load_end']:.1f} "
             f"(mean {statistics.fmean(loads) if loads else float('nan'):.1f}) over the steady window", "",
             "| ticks | start late p50 s | start late p95 s | start late max s | done late p50 s | done late p95 s | "
             "done late max s |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, late in (("all", every_late), ("steady (not the first)", steady_late)):
        lines.append(f"| {name}: {late['ticks']} | {late['start_p50']:.2f} | {late['start_p95']:.2f} | "
                     f"{late['start_max']:.2f} | {late['done_p50']:.2f} | {late['done_p95']:.2f} | "
                     f"{late['done_max']:.2f} |")
    lines += ["", f"ticks not seen whole (two between polls): {log.unseen}; a watch's ticks were done every "
              f"{mean_interval_s(log.ticks):.2f} s on average (due = the last tick done + every_s)", "",
              "| steady window s | ticks done | CPU s (image workers) | CPU ms per tick per camera | cores busy |",
              "|---:|---:|---:|---:|---:|",
              f"| {wall:.0f} | {ticks} | {cpu:.1f} ({figures['workers_cpu_s']:.1f}) | "
              f"{cpu * 1000 / max(ticks, 1):.0f} | {cpu / wall:.3f} |", "",
              f"most handshakes in flight at once (cameras' count): {counts.get('handshakes_most', '-')}; "
              f"most connections open per camera: {max((c['open_most'] for c in cameras.values()), default='-')}; "
              f"connections accepted per camera: {sorted({c['accepted'] for c in cameras.values()})}; "
              f"clips closed per camera: {sorted({c['clips_closed'] for c in cameras.values()})}"]
    return lines


async def main() -> None:
    """Run the fleet, watch it, then time the fleet page with more cameras registered."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--every", type=float, default=60.0, help="seconds between a watch's ticks")
    parser.add_argument("--clip-s", type=float, default=60.0, help="length of each recorded clip")
    parser.add_argument("--backfill", type=int, default=3, help="closed clips on each card before the watches")
    parser.add_argument("--page-cameras", type=int, default=200, help="cameras registered for the fleet page (0: skip)")
    parser.add_argument("--settings", nargs="*", default=[], metavar="NAME=VALUE", help="SDB_ settings of the product")
    options = parser.parse_args()
    configure_logging("warning")
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as scratch:
        work = Path(scratch)
        began = time.perf_counter()
        async with camera_fleet_process(work / "cameras", options.cameras, options.clip_s, options.backfill) as fleet:
            figures = await watch_fleet(fleet, work, options)
            targets = fleet.targets
        print("\n".join(report(options, figures, fleet.counts)), flush=True)
        if options.page_cameras > len(targets):
            clones = clone_cameras(work / "data" / "store", [target.camera_id for target in targets],
                                   options.page_cameras - len(targets))
            async with embedded_process(targets + unreachable_targets(clones), work, data=work / "data") as product:
                print("\n" + "\n".join(await page_rows(product, options.page_cameras)), flush=True)
        print(f"\n(bench wall {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    asyncio.run(main())
