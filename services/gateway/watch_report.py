"""Building a watch's soak report: the issue history in its window, the SLO judged from stored facts now."""

from __future__ import annotations

from libs.common.contracts.api.issues import HistoryIssue
from libs.common.contracts.api.watch_report import CardTrend, ClockSummary, ReportGap, ReportIncident, WatchReport
from libs.common.contracts.records import utc_now
from libs.common.contracts.watches import WatchRecord
from libs.common.documents.issue_history import issues_since
from libs.common.documents.watch_judgement import judge_window
from libs.common.domain.watch_slo import slo
from services.gateway.state import GatewayState


def _gap(issue: HistoryIssue) -> ReportGap:
    """A gap issue as a report row; cause from `measured.cause` when the checks gave one."""
    cause = issue.measured.get("cause")
    return ReportGap(start=issue.start, end=issue.end, seconds=round((issue.end - issue.start).total_seconds(), 3),
                     cause=cause if cause == "stopped" or cause == "reboot" else None)


def _verdict(issues: list[HistoryIssue], unreachable: list[ReportIncident]) -> str:
    """fail for any failing issue; warn for warnings or stretches the camera could not be reached; else pass."""
    if any(issue.severity == "fail" for issue in issues):
        return "fail"
    return "warn" if issues or unreachable else "pass"


async def watch_report(state: GatewayState, watch: WatchRecord) -> WatchReport:
    """The report of the watch from its start to its end (or now, or `until`, whichever comes first)."""
    now = utc_now()
    end = min(moment for moment in (watch.ended, watch.until, now) if moment is not None)
    history = [issue for issue in await issues_since(state.store, watch.camera_id, None)
               if issue.end >= watch.started and issue.start <= end]
    judgement = await judge_window(state, watch, end)
    scheduled = judgement.scheduled_s if judgement else 0.0
    recorded = judgement.recorded_s if judgement else 0.0
    clock = judgement.clock if judgement else {}
    boots = judgement.boots if judgement else []
    unreachable = [ReportIncident(start=incident.start, end=incident.end) for incident in watch.unreachable]
    first, last = watch.card_first, watch.card_last
    return WatchReport.model_validate({
        "watch_id": watch.watch_id, "camera_id": watch.camera_id, "from": watch.started, "to": end,
        "verdict": _verdict(history, unreachable), "ticks": watch.ticks, "scheduled_s": round(scheduled, 3),
        "recorded_s": round(recorded, 3), "recording_slo": slo(scheduled, recorded),
        "gaps": [_gap(issue) for issue in history if issue.check == "gap"],
        "unreachable": unreachable,
        "reboots": boots or [issue.start for issue in history if issue.check == "reboot"],
        "clock": ClockSummary(offset_s=clock.get("offset_s"), max_abs_offset_s=clock.get("max_abs_offset_s"),
                              drift_ppm=clock.get("drift_ppm"),
                              steps=sum(issue.check == "clock_step" for issue in history)),
        "card": CardTrend(free_bytes_first=first.free_bytes if first else None,
                          free_bytes_last=last.free_bytes if last else None,
                          retention_days_last=last.retention_days if last else None),
        "issues": history,
    })
