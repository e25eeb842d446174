"""`sdb export`: a time range's recordings as one MP4 (or the original clips as a zip), with a progress bar."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from libs.cli import params
from libs.cli.exit_codes import FAILED, OK, CommandFailed, ExitPolicy
from libs.cli.output import out, print_json
from libs.cli.progress import eta_text, progress_display, rate_and_eta
from libs.cli.runner import run
from libs.cli.units import human_bytes, human_rate
from libs.client.async_client import SdbClient
from libs.client.errors import TransferInterrupted

EXPORT_POLICY = ExitPolicy(bad_input=FAILED, refused=FAILED, interrupted=FAILED)  # API.md: 1 refused or interrupted


def export(
    ctx: typer.Context,
    camera_id: params.CameraArg,
    start: Annotated[str, typer.Option("--start", callback=params.instant, show_default=False,
                                       help="Range start, ISO 8601 (e.g. 2026-11-20T02:15:00Z; UTC without offset).")],
    end: Annotated[str, typer.Option("--end", callback=params.instant, show_default=False,
                                     help="Range end, ISO 8601; at most 24 h after the start.")],
    output: Annotated[Path, typer.Option("-o", "--output", dir_okay=False, show_default=False,
                                         help="File to write (via FILE.part, renamed when complete).")],
    as_zip: Annotated[bool, typer.Option("--zip", help="The original clip files in a zip, not one MP4.")] = False,
    as_json: params.JsonFlag = False,
) -> None:
    """Export a range: exit 0 written, 1 refused (409/422) or interrupted (no complete-looking file is left)."""
    if not output.parent.is_dir():
        raise typer.BadParameter(f"folder {output.parent} does not exist", param_hint="'-o'")

    async def work(client: SdbClient) -> int:
        async with client.export(camera_id, start, end, "zip" if as_zip else "mp4") as download:
            total, received, began = download.total_bytes, 0, time.monotonic()
            with progress_display(to_stderr=as_json) as display:

                def moved(count: int) -> None:
                    nonlocal received
                    received += count
                    rate, eta = rate_and_eta(received, total, time.monotonic() - began)
                    display.update("export", received, total,
                                   f"{human_bytes(received)} {human_rate(rate)} {eta_text(eta)}".rstrip())

                try:
                    written = await download.save(output, moved)
                except TransferInterrupted as error:
                    raise CommandFailed(FAILED, f"export interrupted, {output} not written: {error}") from error
        if as_json:
            print_json({"file": str(output), "bytes": written, "media_type": download.media_type,
                        "suggested_name": download.filename})
        else:
            out(f"wrote {output} ({human_bytes(written)}, {download.media_type})")
        return OK

    run(ctx, work, EXPORT_POLICY)
