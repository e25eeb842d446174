"""`sdb scan`: start a scan (or join the running one) and, with --wait, follow it with a live progress bar."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from libs.cli import params
from libs.cli.exit_codes import FAILED, OK
from libs.cli.output import err, out, print_json
from libs.cli.progress import progress_display
from libs.cli.runner import run
from libs.cli.scan_follow import follow_scan
from libs.cli.scan_tracker import ScanTracker
from libs.cli.units import human_bytes, human_duration
from libs.client.async_client import SdbClient
from libs.common.contracts.api.scans import ScanBody, ScanView

DatesOpt = Annotated[list[str] | None, typer.Option(
    "--date", help="A UTC day to scan, YYYY-MM-DD; repeat for more (default: the whole card).",
    callback=params.days, show_default=False)]


def summary(view: ScanView, elapsed_s: float) -> str:
    """'scan abc… completed in 0:00:12: 40 clips (3 cached), 38 thumbnails, 38 previews, 2 errors, 12.3 MB read'."""
    p = view.progress
    return (f"scan {view.scan_id} of {view.camera_id} {view.status} in {human_duration(elapsed_s)}: "
            f"{p.clips_done}/{p.clips_total} clips ({p.clips_cached} cached), {p.thumbnails_done} thumbnails, "
            f"{p.previews_done} previews, {p.errors} errors, {human_bytes(p.bytes_read)} read")


def scan(
    ctx: typer.Context,
    camera_id: params.CameraArg,
    dates: DatesOpt = None,
    no_thumbnails: Annotated[bool, typer.Option("--no-thumbnails", help="Read facts only, no images.")] = False,
    no_previews: Annotated[bool, typer.Option("--no-previews", help="Thumbnails but no animated previews.")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="Follow the scan to its end; exit 1 if it fails.")] = False,
    as_json: params.JsonFlag = False,
) -> None:
    """Scan a camera's card: print the scan id, or with --wait show progress until it ends."""
    body = ScanBody(dates=dates, thumbnails=not no_thumbnails, previews=not no_previews)

    async def work(client: SdbClient) -> int:
        started = time.monotonic()
        accepted = await client.start_scan(camera_id, body)
        if not wait:
            if as_json:
                print_json(accepted.model_dump(mode="json"))
            else:
                out(accepted.scan_id)
            return OK
        tracker = ScanTracker(body.thumbnails, body.previews and body.thumbnails)
        with progress_display(to_stderr=as_json) as display:
            display.note(f"scan {accepted.scan_id} of {camera_id}: {accepted.status}")
            view = await follow_scan(client, accepted.scan_id, tracker, display)
        if as_json:
            print_json(view.model_dump(mode="json"))
        else:
            out(summary(view, time.monotonic() - started))
        if view.status == "failed":
            err(f"sdb: scan {view.scan_id} of {view.camera_id} failed: {view.error}")
            return FAILED
        return OK

    run(ctx, work)
