"""A process that writes scan records at a given moment, racing another such process (tests of the lifecycle).

    python -m tests.distributed.lifecycle_racer settle CLIP SCAN...     # a thumbnailer settling its last job
    python -m tests.distributed.lifecycle_racer run SECONDS SCAN        # a collector saving counts
    python -m tests.distributed.lifecycle_racer give-up DELAY_S SCAN    # the scan failing under it, DELAY_S later

The broker and the store come from the SDB_* environment (distributed mode). Once connected the process prints
"ready" and waits for a line on stdin: the test sends it to every racer at once. Then it prints what it did.
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
    """Connect, say so, wait for the go line, then do what argv says."""
    action, args = argv[0], argv[1:]
    broker, store = await start_adapters(Settings(), f"racer-{action}", worker=True)
    try:
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        if action == "settle":
            print(await _settle(store, broker, args[0], args[1:]), flush=True)
        elif action == "run":
            print(await _run(store, broker, float(args[0]), args[1]), flush=True)
        else:
            await asyncio.sleep(float(args[0]))  # the other racer is saving counts meanwhile
            await give_up(store, broker, args[1], "the test gave it up")
            print("gave up", flush=True)
    finally:
        await broker.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
