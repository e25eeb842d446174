"""`sdb watch`: watch a camera for a window with a live line, write the soak report, exit 0/1/2; or stop a watch."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from libs.cli.durations import duration_option
from libs.cli.exit_codes import FAILED, OK, USAGE, ExitPolicy
from libs.cli.output import out
from libs.cli.runner import run
from libs.client.async_client import SdbClient
from libs.common.contracts.api.watch_report import WatchReport
from libs.common.contracts.watches import WatchBody, WatchView
from libs.common.domain.camera_ids import InvalidCameraId, normalize_camera_id
from libs.common.domain.watch_report_junit import report_junit

WATCH_POLICY = ExitPolicy(bad_input=USAGE, refused=USAGE, interrupted=USAGE)  # 1 means only: the window failed
POLL_MAX_S = 5.0


def _until(for_s: float | None, until: str | None) -> datetime:
    """The window's end from --for or --until (exactly one, --until with a zone), or BadParameter (exit 2)."""
    if (for_s is None) == (until is None):
        raise typer.BadParameter("give either --for DURATION or --until ISO")
    if for_s is not None:
        return datetime.now(UTC) + timedelta(seconds=for_s)
    assert until is not None
    try:
        moment = datetime.fromisoformat(until)
    except ValueError as exc:
        raise typer.BadParameter(f"--until must be an ISO time such as 2026-12-09T08:00:00Z, got {until!r}") from exc
    if moment.utcoffset() is None:
        raise typer.BadParameter("--until needs a time zone, e.g. 2026-12-09T08:00:00Z")
    return moment


def tick_line(view: WatchView, new_issues: int) -> str:
    """'tick 12 of watch 3f2a… CAM01: SLO 0.99896, 2 new issues, camera unreachable' (one per tick)."""
    slo = "-" if view.recording_slo is None else f"{view.recording_slo:.5f}"
    reach = ", camera unreachable" if view.unreachable and view.unreachable[-1].end is None else ""
    return (f"tick {view.ticks} of watch {view.watch_id[:8]} {view.camera_id}: SLO {slo}, "
            f"{new_issues} new issue{'' if new_issues == 1 else 's'}{reach}")


def report_line(report: WatchReport) -> str:
    """The closing line: verdict, SLO, counts."""
    return (f"watch {report.watch_id} of {report.camera_id} {report.verdict}: {report.ticks} ticks, "
            f"recording_slo {report.recording_slo}, {len(report.gaps)} gaps, {len(report.unreachable)} unreachable, "
            f"{len(report.reboots)} reboots, {len(report.issues)} issues")


async def follow(client: SdbClient, view: WatchView, junit: Path | None) -> int:
    """Print a line per tick and each new issue until the window ends; write the report; the exit code."""
    shown: set[str] = set()
    ticks = 0
    poll_s = min(POLL_MAX_S, max(0.2, view.every_s / 4))
    while True:
        if view.ticks != ticks:
            issues = await client.issues(view.camera_id, since=view.started.isoformat())
            new = [issue for issue in issues if issue.issue_id not in shown]
            out(tick_line(view, len(new)))
            for issue in new:
                shown.add(issue.issue_id)
                out(f"  new {issue.severity} {issue.check} {issue.start.isoformat()}: {issue.detail}")
            ticks = view.ticks
        if view.status != "active":
            break
        await asyncio.sleep(poll_s)
        view = await client.watch(view.watch_id)
    report = await client.watch_report(view.watch_id)
    if junit is not None:  # rendered from the one JSON report the exit code comes from
        await asyncio.to_thread(junit.write_bytes, report_junit(report))
    out(report_line(report))
    return FAILED if report.verdict == "fail" else OK


def watch(
    ctx: typer.Context,
    target: Annotated[str | None, typer.Argument(metavar="ID", show_default=False,
                                                 help="Camera id to watch (with --stop: the watch id).")] = None,
    every: Annotated[str | None, typer.Option("--every", help="Time between ticks, e.g. 5m (at least 30s).",
                                              show_default=False)] = None,
    for_: Annotated[str | None, typer.Option("--for", help="How long to watch, e.g. 72h.", show_default=False)] = None,
    until: Annotated[str | None, typer.Option("--until", help="Watch until this ISO time (with a zone).",
                                              show_default=False)] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write the soak report as JUnit XML to this file.",
                                               dir_okay=False, show_default=False)] = None,
    detach: Annotated[bool, typer.Option("--detach", help="Start the watch, print its id and leave it running.")]
    = False,
    stop: Annotated[bool, typer.Option("--stop", help="Stop the watch whose id is given.")] = False,
) -> None:
    """Watch a camera for days: a line per tick, then the soak report; exit 0 pass or warn, 1 fail, 2 usage or
    connection error. `sdb watch --stop WATCH_ID` stops one."""
    if target is None:
        raise typer.BadParameter("give the camera id to watch (or the watch id with --stop)")
    if stop:
        run(ctx, lambda client: _stop(client, target), WATCH_POLICY)
        return
    try:
        camera_id = normalize_camera_id(target)
    except InvalidCameraId as exc:
        raise typer.BadParameter(str(exc)) from exc
    every_s = duration_option(every)
    if every_s is None:
        raise typer.BadParameter("give --every DURATION, e.g. --every 5m")
    body = WatchBody(every_s=every_s, until=_until(duration_option(for_), until))

    async def work(client: SdbClient) -> int:
        view = await client.start_watch(camera_id, body)
        out(f"watch {view.watch_id} of {view.camera_id}: every {view.every_s:g} s until "
            f"{view.until.isoformat() if view.until else 'stopped'}")
        return OK if detach else await follow(client, view, junit)

    run(ctx, work, WATCH_POLICY)


async def _stop(client: SdbClient, watch_id: str) -> int:
    """Stop the watch and say so."""
    view = await client.stop_watch(watch_id)
    out(f"watch {view.watch_id} of {view.camera_id} {view.status} after {view.ticks} ticks")
    return OK
