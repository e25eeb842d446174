"""How well a scan knows the camera's clock: the clock line's round trip and the offset's uncertainty (± half of
it), on loopback and on camera-like links, against the simulator (exec-only, as BusyBox/dropbear cameras are).

`.venv/bin/python bench/bench_camera_clock.py` prints one row per link: median and worst round trip, the median
uncertainty and the measured offset against a planted one (docs/performance.md).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from pathlib import Path

from libs.camera_simulator.card_builder import default_config_path
from libs.camera_simulator.link_timing import LinkShape
from libs.camera_simulator.schedule_ini import write_config_ini
from libs.camera_simulator.server import start_simulator
from libs.camera_simulator.simulated_clock import SimulatedClock
from libs.common.contracts.records import utc_now
from libs.common.domain.camera_clock import CLOCK_COMMAND, reading_from_output
from tests.camera_pools import camera_pool

ROUNDS = 20
PLANTED_OFFSET_S = 3.0
LINKS = {"loopback": None, "50 ms, 1 MB/s": LinkShape(0.05, 1_000_000), "150 ms, 250 kB/s": LinkShape(0.15, 250_000)}


async def _one_link(folder: Path, name: str, link: LinkShape | None) -> str:
    """The row of one link."""
    card = folder / name.replace(" ", "_").replace(",", "").replace("/", "") / "sdcard"
    card.mkdir(parents=True)
    write_config_ini(default_config_path(card))
    clock = SimulatedClock(offset_s=PLANTED_OFFSET_S)
    async with await start_simulator(card, sftp=False, link=link, clock=clock) as simulator:
        pool = camera_pool(card.parent, 10, 30)
        try:
            session = await pool.session(simulator.target("BENCH"))
            trips, doubts, offsets = [], [], []
            for _ in range(ROUNDS):
                sent = utc_now()
                output, _ = await session.command_output(CLOCK_COMMAND)
                received = utc_now()
                reading = reading_from_output(output, "bench", sent, received)
                assert reading is not None
                trips.append((received - sent).total_seconds() * 1000)
                doubts.append(reading.uncertainty_s * 1000)
                offsets.append(reading.offset_s - PLANTED_OFFSET_S)
        finally:
            await pool.close()
    return (f"| {name} | {statistics.median(trips):.1f} | {max(trips):.1f} | ± {statistics.median(doubts):.1f} | "
            f"{statistics.median(offsets) * 1000:+.1f} | {max(abs(o) for o in offsets) * 1000:.1f} |")


async def main() -> None:
    """Every link in turn."""
    print("| link | round trip median (ms) | worst (ms) | uncertainty (ms) | offset error median (ms) | worst (ms) |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="bench-clock-") as scratch:
        for name, link in LINKS.items():
            print(await _one_link(Path(scratch), name, link), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
