"""Today's checks of one camera for the fleet table and the metrics: verdict and issue counts by check and
severity, judged alone with default tolerances and run again only when the day's inputs changed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from libs.common.contracts.api.cameras import RecordingDay
from libs.common.contracts.api.checks import CheckQuery, Verdict
from libs.common.contracts.api.fleet import IssueCount
from libs.common.domain.checks.runner import run_checks
from services.gateway.checks_inputs import load_check_run
from services.gateway.state import GatewayState


@dataclass(frozen=True)
class TodayChecks:
    """Today's verdict and its issues counted per check and per (check, severity)."""

    verdict: Verdict
    by_check: dict[str, int]
    counts: list[IssueCount]


# per store (one per system), per camera: the signature of the inputs and the answer
_MEMOS: WeakKeyDictionary[object, dict[str, tuple[str, TodayChecks]]] = WeakKeyDictionary()


async def today_checks(state: GatewayState, camera_id: str, row: RecordingDay, measured: str | None) -> TodayChecks:
    """Today's checks (the day of `row`), from the memo while its row and the card's last reading are unchanged."""
    memo = _MEMOS.setdefault(state.store, {})
    signature = "|".join((row.model_dump_json(), measured or "", repr(state.registry.resolve(camera_id).expected)))
    kept = memo.get(camera_id)
    if kept is not None and kept[0] == signature:
        return kept[1]
    run = await load_check_run(state, camera_id, (row.date, row.date), CheckQuery())
    answer = run_checks(camera_id, row.date, row.date, run.days, run.setup)
    counted = Counter((issue.check, issue.severity) for issue in answer.issues)
    result = TodayChecks(
        verdict=answer.days[0].verdict if answer.days else answer.verdict,
        by_check=dict(answer.days[0].by_check) if answer.days else {},
        counts=[IssueCount(check=check, severity=severity, count=count)
                for (check, severity), count in sorted(counted.items())])
    memo[camera_id] = (signature, result)
    return result
