"""`sdb thumbs`: save a day's thumbnails into a folder, one WebP per clip named after the clip file."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path, PurePosixPath
from typing import Annotated

import typer

from libs.cli import params
from libs.cli.exit_codes import OK
from libs.cli.output import out, print_json
from libs.cli.progress import progress_display
from libs.cli.runner import run
from libs.client.async_client import SdbClient
from libs.common.contracts.api.clips import ClipView

PARALLEL_DOWNLOADS = 4


def file_name(clip: ClipView) -> str:
    """20261120-021500.webp for 2026-11-20/02/20261120-021500.mp4; anything odd in the name becomes '_'."""
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", PurePosixPath(clip.path).stem) or clip.clip_id[-12:]
    return f"{stem}.webp"


def thumbs(
    ctx: typer.Context,
    camera_id: params.CameraArg,
    date: Annotated[str, typer.Option("--date", help="UTC day, YYYY-MM-DD.", callback=params.day,
                                      show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", file_okay=False, show_default=False,
                                         help="Folder to save into (created if missing).")],
    hour: Annotated[int | None, typer.Option("--hour", min=0, max=23, help="Only this UTC hour.")] = None,
    as_json: params.JsonFlag = False,
) -> None:
    """Download the stored thumbnails of a day's clips (clips without one yet are counted, not fetched)."""

    async def work(client: SdbClient) -> int:
        clips = await client.recordings(camera_id, date, hour)
        ready = [clip for clip in clips if clip.thumbnail_url]
        output.mkdir(parents=True, exist_ok=True)
        gate, saved = asyncio.Semaphore(PARALLEL_DOWNLOADS), []
        with progress_display(to_stderr=as_json) as display:

            async def fetch(clip: ClipView) -> None:
                async with gate:
                    target = output / file_name(clip)
                    target.write_bytes(await client.thumbnail(clip.clip_id))
                    saved.append({"clip_id": clip.clip_id, "path": clip.path, "file": str(target)})
                    display.update("thumbnails", len(saved), len(ready), "")

            await asyncio.gather(*(fetch(clip) for clip in ready))
        saved.sort(key=lambda row: row["path"])
        if as_json:
            missing = [clip.clip_id for clip in clips if not clip.thumbnail_url]
            print_json({"saved": saved, "without_thumbnail": missing})
        else:
            out(f"saved {len(saved)} thumbnails to {output}; {len(clips) - len(ready)} clips have none "
                "(unreadable, or not made yet: scan with thumbnails)")
        return OK

    run(ctx, work)
