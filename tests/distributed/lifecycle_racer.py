"""A process that writes scan records at a given moment, racing another such process (tests of the lifecycle).

    python -m tests.distributed.lifecycle_racer settle CLIP START_AT SCAN...   # a thumbnailer settling its last job
    python -m tests.distributed.lifecycle_racer run START_AT SECONDS SCAN      # a collector saving counts
    python -m tests.distributed.lifecycle_racer give-up START_AT SCAN          # the scan failing under it

The broker and the store come from the SDB_* environment (distributed mode). START_AT is a time.time() value;
the process prints one line saying what it did.
"""

from __future__ import annotations

import asyncio
import sys
import time

from libs.common.adapters.broker.port import Broker
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import CameraRecord
from libs.common.contracts.settings import Settings
from libs.common.documents.scan_lifecycle import ScanEnded, ScanRun, give_up
from libs.common.documents.scan_progress import SETTLED, THUMBNAIL_JOB, mark
from libs.common.service.runtime import start_adapters
from services.thumbnailer.scan_reporting import ScanReporter


async def _settle(store: ObjectStore, broker: Broker, clip_id: str, scan_ids: list[str]) -> str:
    """Settle clip_id's thumbnail job in every scan at once, as a replica holding those jobs would."""
    reporter = ScanReporter(store, broker)

    async def one(scan_id: str) -> None:
        await mark(store, scan_id, SETTLED, clip_id)
        await reporter.job_settled(scan_id, THUMBNAIL_JOB)

    await asyncio.gather(*(one(scan_id) for scan_id in scan_ids))
    return f"settled {clip_id} in {len(scan_ids)} scans"


async def _run(store: ObjectStore, broker: Broker, seconds: float, scan_id: str) -> str:
    """Run the scan as a collector does, counting a clip and saving the counts until `seconds` have passed."""
    camera = CameraRecord(id="CAM01", host="cam01.invalid", model="DomePlus")
    run = await ScanRun.begin(store, broker, ScanRequested(scan_id=scan_id, camera_id="CAM01"), camera)
    if run is None:
        return "the scan had ended before it ran"
    until, saves = time.monotonic() + seconds, 0
    try:
        while time.monotonic() < until:
            run.count_clip(ok=True, cached=False, bytes_read=1000, image_bytes_read=0)
            await run.progress(force=True)
            saves += 1
    except ScanEnded as exc:
        return f"stopped after {saves} saves: {exc}"
    return f"ran to the end: {saves} saves"


async def main(argv: list[str]) -> None:
    """Wait for the start moment, then do what argv says."""
    action, args = argv[0], argv[1:]
    broker, store = await start_adapters(Settings(), f"racer-{action}", worker=True)
    try:
        if action == "settle":
            clip_id, start_at, scan_ids = args[0], float(args[1]), args[2:]
            await asyncio.sleep(max(0.0, start_at - time.time()))
            print(await _settle(store, broker, clip_id, scan_ids), flush=True)
        elif action == "run":
            start_at, seconds, scan_id = float(args[0]), float(args[1]), args[2]
            await asyncio.sleep(max(0.0, start_at - time.time()))
            print(await _run(store, broker, seconds, scan_id), flush=True)
        else:
            start_at, scan_id = float(args[0]), args[1]
            await asyncio.sleep(max(0.0, start_at - time.time()))
            await give_up(store, broker, scan_id, "the test gave it up")
            print("gave up", flush=True)
    finally:
        await broker.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
