"""`sdb fleet`: the fleet table (as the home page shows it), worst first; exit 0 whatever the verdicts (API.md)."""

from __future__ import annotations

import typer

from libs.cli import params
from libs.cli.exit_codes import OK, USAGE, ExitPolicy
from libs.cli.output import print_json, print_table
from libs.cli.runner import run
from libs.cli.units import human_bytes
from libs.client.async_client import SdbClient
from libs.common.contracts.api.fleet import FleetRow

FLEET_POLICY = ExitPolicy(bad_input=USAGE, refused=USAGE, interrupted=USAGE)  # a listing: 0 shown, 2 not shown
HEADERS = ["camera", "state", "last scan", "today", "slo", "recorded", "issues", "clock", "free", "days"]
STRIP = {"pass": "+", "warn": "~", "fail": "x", None: "."}


def _age(seconds: float | None) -> str:
    """'42 s', '5 min', '3 h', '2 d' ago; '-' for never."""
    if seconds is None:
        return "never"
    for limit, unit, size in ((90, "s", 1), (5400, "min", 60), (172800, "h", 3600)):
        if seconds < limit:
            return f"{round(seconds / size)} {unit} ago"
    return f"{round(seconds / 86400)} d ago"


def _percent(ratio: float | None) -> str:
    """'99.90 %' or '-'."""
    return "-" if ratio is None else f"{ratio * 100:.2f} %"


def fleet_line(row: FleetRow) -> list[str]:
    """One camera's cells, in HEADERS order."""
    issues = ", ".join(f"{check} {count}" for check, count in sorted(row.open_issues.items(), key=lambda i: -i[1]))
    return [
        row.camera_id, row.state.replace("_", " "), _age(row.last_scan_age_s), row.verdict_today or "-",
        _percent(row.slo), _percent(row.recorded_ratio_today), issues or ("none" if row.verdict_today else "-"),
        "-" if row.clock_offset_s is None else f"{row.clock_offset_s:+.1f} s",
        "-" if row.free_bytes is None else human_bytes(row.free_bytes),
        "".join(STRIP[mark.verdict] for mark in row.days),
    ]


def fleet(ctx: typer.Context, as_json: params.JsonFlag = False) -> None:
    """Every camera worst first: state, last scan, today's verdict, SLO, issues, clock, free space, 7 days
    (+ pass, ~ warn, x fail, . none). Exit 0 (a failing camera too: API.md; `sdb check` judges), 2 usage/connection."""

    async def work(client: SdbClient) -> int:
        answer = await client.fleet()
        if as_json:
            print_json(answer.model_dump(mode="json"))
        else:
            print_table(HEADERS, [fleet_line(row) for row in answer.cameras])
        return OK

    run(ctx, work, FLEET_POLICY)
