"""The soak report as CSV: a summary row, then a row per issue and per unreachable stretch."""

from __future__ import annotations

from typing import Any

from libs.common.contracts.api.watch_report import WatchReport
from services.gateway.csv_export import rows_csv

CSV_COLUMNS = ["section", "issue_id", "check", "severity", "start", "end", "seconds", "cause", "first_seen",
               "last_seen", "detail"]


def report_csv(report: WatchReport) -> str:
    """A summary row, then a row per issue and per unreachable stretch."""
    summary = {"section": "summary", "severity": report.verdict, "start": report.from_.isoformat(),
               "end": report.to.isoformat(),
               "detail": f"ticks={report.ticks} recording_slo={report.recording_slo} "
                         f"recorded_s={report.recorded_s} scheduled_s={report.scheduled_s}"}
    causes = {(gap.start, gap.end): gap.cause for gap in report.gaps}
    rows: list[dict[str, Any]] = [summary]
    rows += [{"section": "issue", **issue.model_dump(mode="json"), "cause": causes.get((issue.start, issue.end)),
              "seconds": round((issue.end - issue.start).total_seconds(), 3)} for issue in report.issues]
    rows += [{"section": "unreachable", "start": incident.start.isoformat(),
              "end": incident.end.isoformat() if incident.end else None} for incident in report.unreachable]
    return rows_csv(rows, CSV_COLUMNS)
