"""`sdb check`: recording checks of a day or a range as lines with deep links, JSON or a JUnit file; exit 0/1/2."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from libs.cli import params
from libs.cli.check_report import issue_line, verdict_line, with_links
from libs.cli.exit_codes import FAILED, OK, USAGE, ExitPolicy
from libs.cli.output import out, print_json
from libs.cli.runner import connection_of, run
from libs.client.async_client import SdbClient
from libs.common.domain.checks.junit_report import checks_junit

CHECK_POLICY = ExitPolicy(bad_input=USAGE, refused=USAGE, interrupted=USAGE)  # 1 means only: a check failed


def check(
    ctx: typer.Context,
    camera_id: params.CameraArg,
    date: Annotated[str | None, typer.Option("--date", help="One UTC day, YYYY-MM-DD.", callback=params.day,
                                             show_default=False)] = None,
    first: Annotated[str | None, typer.Option("--from", help="First day of a range (with --to, at most 31 days).",
                                              callback=params.day, show_default=False)] = None,
    last: Annotated[str | None, typer.Option("--to", help="Last day of the range.", callback=params.day,
                                             show_default=False)] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Also write the checks as JUnit XML to this file.",
                                               dir_okay=False, show_default=False)] = None,
    as_json: params.JsonFlag = False,
) -> None:
    """Judge recordings (gaps, durations, dropped frames, ...): exit 0 pass or warn, 1 fail, 2 usage/connection."""
    if (date is None) == (first is None and last is None) or (first is None) != (last is None):
        raise typer.BadParameter("give --date D, or both --from D and --to D")
    base_url = connection_of(ctx).url

    async def work(client: SdbClient) -> int:
        checked = await client.checks(camera_id, date=date, first=first, last=last)  # the one answer
        answer = with_links(checked.model_dump(mode="json", by_alias=True), base_url)
        if junit is not None:  # rendered here from that answer: the file and the exit code cannot disagree
            junit.write_bytes(checks_junit(checked, base_url))
        if as_json:
            print_json(answer)
        else:
            for issue in answer["issues"]:
                out(issue_line(issue))
            out(verdict_line(answer))
        return FAILED if answer["verdict"] == "fail" else OK

    run(ctx, work, CHECK_POLICY)
