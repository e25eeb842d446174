"""`sdb cameras`: the registry's cameras and those scanned before, with their last scan."""

from __future__ import annotations

import typer

from libs.cli import params
from libs.cli.exit_codes import OK
from libs.cli.output import print_json, print_table
from libs.cli.runner import run
from libs.client.async_client import SdbClient


def cameras(ctx: typer.Context, as_json: params.JsonFlag = False) -> None:
    """List cameras: id, host, model, whether configured, and the last scan."""

    async def work(client: SdbClient) -> int:
        rows = await client.cameras()
        if as_json:
            print_json([row.model_dump(mode="json") for row in rows])
            return OK
        print_table(["id", "host", "model", "configured", "last scan", "status", "finished"], [
            [row.id, row.host, row.model, "yes" if row.configured else "no", row.last_scan_id or "-",
             row.last_scan_status or "-", row.last_scan_time or "-"] for row in rows])
        return OK

    run(ctx, work)
