"""`sdb clips`: a day's clips (or one hour's) as a table, JSON or the server's CSV."""

from __future__ import annotations

from typing import Annotated

import typer

from libs.cli import params
from libs.cli.exit_codes import OK
from libs.cli.output import out, print_json, print_table, stdout_is_terminal
from libs.cli.runner import run
from libs.cli.units import human_bytes
from libs.client.async_client import SdbClient
from libs.common.contracts.api.clips import ClipView

DateOpt = Annotated[str, typer.Option("--date", help="UTC day, YYYY-MM-DD.", callback=params.day, show_default=False)]


def _row(clip: ClipView) -> list[str]:
    """A table row: time, status, duration, picture, rate, size, path."""
    video = clip.video
    return [clip.start[11:], clip.status, "-" if clip.duration_s is None else f"{clip.duration_s:.1f}",
            f"{video.width}x{video.height}" if video else "-", f"{video.fps:.1f}" if video else "-",
            f"{video.bitrate_kbps:.0f}" if video else "-", human_bytes(clip.size_bytes), clip.path]


def clips(
    ctx: typer.Context,
    camera_id: params.CameraArg,
    date: DateOpt,
    hour: Annotated[int | None, typer.Option("--hour", min=0, max=23, help="Only this UTC hour.")] = None,
    as_json: params.JsonFlag = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="The server's CSV, one row per clip.")] = False,
) -> None:
    """List the clips of a day with their facts."""
    if as_json and as_csv:
        raise typer.BadParameter("give --json or --csv, not both")

    async def work(client: SdbClient) -> int:
        if as_csv:
            typer.echo(await client.recordings_csv(camera_id, date, hour), nl=False)
            return OK
        rows = await client.recordings(camera_id, date, hour)
        if as_json:
            print_json([row.model_dump(mode="json") for row in rows])
        else:
            print_table(["start", "status", "seconds", "picture", "fps", "kbit/s", "size", "path"],
                        [_row(row) for row in rows])
            if stdout_is_terminal():
                out(f"{len(rows)} clips, {sum(row.status != 'ok' for row in rows)} without readable facts")
        return OK

    run(ctx, work)
