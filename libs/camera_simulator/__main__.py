"""Command line: build a simulated card if missing and serve it over SSH until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.card_recorder import CardRecorder, recording_template
from libs.camera_simulator.link_timing import LinkShape
from libs.camera_simulator.server import DEFAULT_PASSWORD, DEFAULT_USER, start_simulator
from libs.camera_simulator.simulated_clock import SimulatedClock


def _arguments() -> argparse.Namespace:
    """Parse the command line."""
    today = datetime.now(UTC).date()
    parser = argparse.ArgumentParser(prog="python -m libs.camera_simulator", description=__doc__)
    parser.add_argument("--card", type=Path, required=True, help="card folder (built if missing)")
    parser.add_argument("--build", action="store_true", help="build the card even if the folder exists")
    parser.add_argument("--port", type=int, default=0, help="TCP port, 0 = any free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--user", default=DEFAULT_USER)
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--no-sftp", action="store_true", help="shell commands only, like BusyBox/dropbear")
    parser.add_argument("--days", nargs="+", type=date.fromisoformat,
                        default=[today - timedelta(days=1), today], help="UTC days YYYY-MM-DD to record")
    parser.add_argument("--hours", nargs="+", type=int, default=list(range(24)))
    parser.add_argument("--clips-per-hour", type=int, default=60)
    parser.add_argument("--clip-seconds", type=float, default=60.0)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--bitrate-kbps", type=int, default=900)
    parser.add_argument("--hardlink", action="store_true", help="hardlink clip copies to save disk")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every request")
    parser.add_argument("--rate-bytes-per-s", type=int, default=0, help="transfer rate limit, 0 = none")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="camera-like link: one-way delay each direction")
    parser.add_argument("--rate", type=float, default=0.0, help="camera-like link: bytes/s each direction, 0 = any")
    parser.add_argument("--clock-offset-s", type=float, default=0.0, help="camera clock minus real clock")
    parser.add_argument("--record-clip-s", type=float, default=0.0,
                        help="go on recording onto the card: clips of this many seconds, the present one growing")
    parser.add_argument("--counts-file", type=Path, help="write the server-side request counts here on exit (JSON)")
    return parser.parse_args()


async def _serve(options: argparse.Namespace) -> None:
    """Start the simulator, print where it listens, run until cancelled or SIGTERM."""
    link = LinkShape.of(options.delay_ms, options.rate)
    simulator = await start_simulator(
        options.card, options.port, options.user, options.password, not options.no_sftp, host=options.host,
        latency_ms=options.latency_ms, rate_bytes_per_s=options.rate_bytes_per_s, link=link if link.shaped else None,
        clock=SimulatedClock(offset_s=options.clock_offset_s),
    )
    recorder = None
    if options.record_clip_s > 0:
        template = options.card.parent / f"recording-template-{options.record_clip_s:g}s.mp4"
        if not template.is_file():
            recording_template(template, options.record_clip_s)
        recorder = CardRecorder(options.card, template, options.record_clip_s, now=simulator.clock.now)
        recorder.start()
    print(
        f"camera simulator on {simulator.host}:{simulator.port} user={simulator.user} "
        f"sd_root={simulator.sd_root} config_ini={simulator.config_ini} link={link} "
        f"host_key_fingerprint={simulator.host_key.get_fingerprint('sha256')}"
        f"{f' recording {options.record_clip_s:g} s clips' if recorder else ''}",
        flush=True,
    )
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await stop.wait()
    finally:
        if recorder is not None:
            await recorder.stop()
        await simulator.close()
        if options.counts_file is not None:
            counts = simulator.counts
            options.counts_file.write_text(json.dumps({
                "sftp_opens": dict(counts.sftp_opens), "sftp_reads": dict(counts.sftp_reads),
                "exec_commands": counts.exec_commands,
            }))


def main() -> None:
    """Entry point of `python -m libs.camera_simulator`."""
    options = _arguments()
    if options.build or not options.card.exists():
        build_card(
            options.card, days=options.days, hours=options.hours, clips_per_hour=options.clips_per_hour,
            clip_seconds=options.clip_seconds, width=options.width, height=options.height, fps=options.fps,
            bitrate_kbps=options.bitrate_kbps, hardlink=options.hardlink,
        )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(options))


if __name__ == "__main__":
    main()
