"""Load: 20 simultaneous scans of 5 simulated cameras, 100 SSE clients, RSS per service, recordings latency.

Run: .venv/bin/python bench/bench_load.py [--ids-per-camera 4] [--sse-per-scan 5] [--thumbnailers 3]

Distributed mode on loopback: RabbitMQ (a throw-away vhost), SeaweedFS S3, the four services as processes
(tools/local_servers/service_processes.py) and five camera simulators, each in its own process. Every simulator
is registered under --ids-per-camera camera ids, so 5 x 4 = 20 distinct scans run at once (a second POST
for a running camera would only join its scan). Prints a Markdown report for docs/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_metadata_scan import PASSWORD, USER, simulator
from libs.camera_simulator.card_builder import build_card
from tests.e2e.sse_client import SseEvent, read_events
from tests.servers.rabbit import amqp_url, ensure_rabbitmq
from tests.servers.rabbit_vhost import fresh_vhost
from tools.local_servers.ports import free_ports
from tools.local_servers.seaweed import S3Server, running_seaweed_s3
from tools.local_servers.service_processes import ServiceProcesses, running_services

DAY = date(2026, 11, 20)
WARM_ID = "WARM00"
IDLE_REQUESTS = 200
CAMERAS = 5


def build_cards(root: Path, clips_per_hour: int) -> list[Path]:
    """One card per simulated camera: two hours of short 640x360 clips plus power-cut leftovers."""
    return [build_card(root / f"card{number}", days=[DAY], hours=[2, 3], clips_per_hour=clips_per_hour,
                       clip_seconds=6.0, width=640, height=360, fps=15, bitrate_kbps=400, hardlink=True)
            for number in range(CAMERAS)]


def cameras_ini(cameras: list[tuple[int, str]], ids_per_camera: int) -> tuple[str, list[str]]:
    """The registry: camera LOADnn on simulator nn // ids_per_camera, WARM00 on the first, each simulator's
    (port, host key fingerprint) pinned; and the load ids."""
    load_ids = [f"LOAD{number:02d}" for number in range(len(cameras) * ids_per_camera)]
    sections = [(WARM_ID, cameras[0])] + [(camera_id, cameras[index // ids_per_camera])
                                           for index, camera_id in enumerate(load_ids)]
    text = "".join(f"[{camera_id}]\nhost = 127.0.0.1\nport = {port}\nuser = {USER}\npassword = {PASSWORD}\n"
                   f"model = DomePlus\nconfig_ini = /etc/camera/camera.ini\nhost_key_fingerprint = {fingerprint}\n\n"
                   for camera_id, (port, fingerprint) in sections)
    return text, load_ids


def rss_kib(pid: int) -> int:
    """Resident set size of a process in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


async def sample_rss(services: ServiceProcesses, peaks: dict[str, int], stop: asyncio.Event) -> None:
    """Keep the highest RSS of every service process until stop is set."""
    while not stop.is_set():
        for name, process in services.processes.items():
            peaks[name] = max(peaks.get(name, 0), rss_kib(process.pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.25)


async def time_recordings(api: httpx.AsyncClient, stop: asyncio.Event | None, count: int = 0) -> list[float]:
    """GET the warm camera's recordings of the day one request after another (ms): until stop, or count times."""
    latencies: list[float] = []
    while not stop.is_set() if stop is not None else len(latencies) < count:
        began = time.perf_counter()
        answer = await api.get(f"/api/v1/cameras/{WARM_ID}/recordings", params={"date": DAY.isoformat()})
        latencies.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200, answer.text
    return latencies


async def start_scan(api: httpx.AsyncClient, camera_id: str) -> str:
    """POST a scan of all days with thumbnails and previews; its id."""
    answer = await api.post(f"/api/v1/cameras/{camera_id}/scans", json={})
    assert answer.status_code == 202, answer.text
    return str(answer.json()["scan_id"])


def check_streams(streams: list[list[SseEvent]], good_clips: int) -> str | None:
    """None when every client saw the same ids ending in scan.completed with one thumbnail per good clip."""
    ids = [[event.id for event in events] for events in streams]
    if any(sequence != ids[0] for sequence in ids):
        return "clients of one scan saw different event id sequences"
    kinds = [event.kind for event in streams[0]]
    if not kinds or kinds[-1] != "scan.completed":
        return f"stream ended with {kinds[-1:] or 'nothing'}"
    if kinds.count("clip.thumbnail") != good_clips:
        return f"{kinds.count('clip.thumbnail')} clip.thumbnail events for {good_clips} good clips"
    return None


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def run_load(services: ServiceProcesses, load_ids: list[str], sse_per_scan: int, timeout_s: float) -> str:
    """Warm up, then the load; returns the Markdown report."""
    limits = httpx.Limits(max_connections=len(load_ids) * sse_per_scan + 10)
    async with httpx.AsyncClient(base_url=services.web_url, timeout=60) as api, \
            httpx.AsyncClient(base_url=services.web_url, timeout=timeout_s, limits=limits) as streams_client:
        warm_scan = await start_scan(api, WARM_ID)
        await read_events(api, f"/api/v1/scans/{warm_scan}/events", timeout_s=timeout_s)
        idle_rss = {name: rss_kib(process.pid) for name, process in services.processes.items()}
        idle_latencies = await time_recordings(api, None, IDLE_REQUESTS)
        peaks: dict[str, int] = {}
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_rss(services, peaks, stop))
        timer = asyncio.create_task(time_recordings(api, stop))
        began = time.perf_counter()
        scan_ids = await asyncio.gather(*(start_scan(api, camera_id) for camera_id in load_ids))
        readers = [read_events(streams_client, f"/api/v1/scans/{scan_id}/events", timeout_s=timeout_s)
                   for scan_id in scan_ids for _ in range(sse_per_scan)]
        received = await asyncio.gather(*readers)
        elapsed = time.perf_counter() - began
        stop.set()
        latencies = await timer
        await sampler
        per_scan: dict[str, list[list[SseEvent]]] = defaultdict(list)
        for index, events in enumerate(received):
            per_scan[scan_ids[index // sse_per_scan]].append(events)
        problems = []
        events_total, clips_total, good_total = 0, 0, 0
        for camera_id, scan_id in zip(load_ids, scan_ids, strict=True):
            clips = (await api.get(f"/api/v1/cameras/{camera_id}/recordings", params={"date": DAY.isoformat()})).json()
            good = sum(clip["status"] == "ok" for clip in clips)
            clips_total, good_total = clips_total + len(clips), good_total + good
            events_total += sum(len(events) for events in per_scan[scan_id])
            if (problem := check_streams(per_scan[scan_id], good)) is not None:
                problems.append(f"{camera_id}: {problem}")
    problems.insert(0, f"{clips_total} clips scanned, {good_total} good ones got images")
    return report(load_ids, sse_per_scan, elapsed, events_total, problems, idle_rss, peaks,
                  {"idle farm": idle_latencies, "during the load": latencies})


def report(load_ids: list[str], sse_per_scan: int, elapsed: float, events_total: int, problems: list[str],
           idle_rss: dict[str, int], peaks: dict[str, int], latencies: dict[str, list[float]]) -> str:
    """The Markdown report of one run."""
    lines = [
        f"- {len(load_ids)} simultaneous scans ({CAMERAS} simulators x {len(load_ids) // CAMERAS} ids), "
        f"{len(load_ids) * sse_per_scan} SSE clients ({sse_per_scan} per scan): all done in {elapsed:.1f} s",
        f"- {problems[0]}; events delivered: {events_total}; lost or inconsistent: "
        f"{'; '.join(problems[1:]) or 'none'}",
        *(f"- GET /api/v1/cameras/{{id}}/recordings?date=, {when}: {len(values)} sequential requests, "
          f"p50 {percentile(values, 0.5):.1f} ms, p95 {percentile(values, 0.95):.1f} ms, "
          f"max {max(values):.1f} ms, mean {statistics.fmean(values):.1f} ms" for when, values in latencies.items()),
        "",
        "| service process | RSS idle (MiB) | RSS peak under load (MiB) |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {idle_rss[name] / 1024:.0f} | {peaks.get(name, 0) / 1024:.0f} |" for name in idle_rss]
    return "\n".join(lines)


async def main() -> None:
    """Start the parts, run the load, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids-per-camera", type=int, default=4)
    parser.add_argument("--sse-per-scan", type=int, default=5)
    parser.add_argument("--thumbnailers", type=int, default=3)
    parser.add_argument("--clips-per-hour", type=int, default=15)
    parser.add_argument("--timeout", type=float, default=300.0, help="give up on the load after this many seconds")
    options = parser.parse_args()
    problem = await ensure_rabbitmq(amqp_url())
    if problem is not None:
        raise SystemExit(f"RabbitMQ is not available: {problem}")
    with tempfile.TemporaryDirectory(prefix="sdb-load-") as folder, fresh_vhost(amqp_url()) as broker_url:
        work = Path(folder)
        (work / "weed").mkdir()
        with running_seaweed_s3(work / "weed") as s3:
            await load_with(work, broker_url, s3, options)


async def load_with(work: Path, broker_url: str, s3: S3Server, options: argparse.Namespace) -> None:
    """Cameras, registry and services over the given broker and S3 server; prints the report."""
    async with contextlib.AsyncExitStack() as stack:
        cards = build_cards(work / "cards", options.clips_per_hour)
        served = [await stack.enter_async_context(simulator(card, True, 0.0)) for card in cards]
        registry, load_ids = cameras_ini(served, options.ids_per_camera)
        (work / "cameras.ini").write_text(registry)
        gateway_port, web_port = free_ports(2)
        env = {
            "SDB_MODE": "distributed", "SDB_AMQP_URL": broker_url, "SDB_S3_ENDPOINT": s3.endpoint,
            "SDB_S3_ACCESS_KEY": s3.access_key, "SDB_S3_SECRET_KEY": s3.secret_key,
            "SDB_S3_BUCKET": f"sdb-load-{uuid.uuid4().hex[:8]}", "SDB_CAMERAS_FILE": str(work / "cameras.ini"),
            "SDB_CAMERA_HOST_TEMPLATE": "{id}.invalid", "SDB_GATEWAY_PORT": str(gateway_port),
            "SDB_GATEWAY_URL": f"http://127.0.0.1:{gateway_port}", "SDB_WEB_PORT": str(web_port),
            "SDB_PREVIEW_FRAMES": "4", "SDB_LOG_JSON": "true", "SDB_LOG_LEVEL": "warning",
        }
        with running_services(env, work / "logs", thumbnailers=options.thumbnailers) as services:
            print(await asyncio.wait_for(run_load(services, load_ids, options.sse_per_scan, options.timeout),
                                         options.timeout + 120))


if __name__ == "__main__":
    asyncio.run(main())
