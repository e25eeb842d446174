"""Command line: serve a fleet of recording simulated cameras from one process until SIGTERM, then write what the
cameras saw (`python -m libs.camera_simulator.fleet_main --folder F --cameras 50 --clip-s 60`)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
from pathlib import Path

from libs.camera_simulator.camera_fleet import start_fleet

ANNOUNCE = "camera fleet "


def _arguments() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m libs.camera_simulator.fleet_main", description=__doc__)
    parser.add_argument("--folder", type=Path, required=True, help="cards go in FOLDER/<camera id>/")
    parser.add_argument("--cameras", type=int, default=50)
    parser.add_argument("--clip-s", type=float, default=60.0, help="length of each recorded clip")
    parser.add_argument("--backfill", type=int, default=3, help="closed clips on each card before recording")
    parser.add_argument("--id-prefix", default="CAM")
    parser.add_argument("--counts-file", type=Path, help="write the cameras' connection counts here on exit (JSON)")
    options = parser.parse_args()
    if not 1 <= options.cameras <= 1000 or options.clip_s <= 0 or options.backfill < 0:
        parser.error("--cameras must be 1..1000, --clip-s positive, --backfill not negative")
    return options


async def _serve(options: argparse.Namespace) -> None:
    """Start the fleet, print how to reach it as one JSON line, record and serve until SIGTERM."""
    fleet = await start_fleet(options.folder, options.cameras, options.clip_s, options.backfill, options.id_prefix)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        fleet.record()
        print(ANNOUNCE + json.dumps(fleet.describe()), flush=True)
        await stop.wait()
    finally:
        counts = fleet.counts()
        await fleet.close()
        if options.counts_file is not None:
            options.counts_file.write_text(json.dumps(counts))


def main() -> None:
    """Entry point."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(_arguments()))


if __name__ == "__main__":
    main()
