"""Recording checks of a camera's days: JSON verdicts and issues, JUnit XML for CI, CSV; from stored facts only."""

from __future__ import annotations

from datetime import date as date_type
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from libs.common.contracts.api.checks import CheckQuery, ChecksAnswer, DayVerdict
from libs.common.documents.check_run import load_check_run
from libs.common.domain.checks.junit_report import checks_junit
from libs.common.domain.checks.runner import run_checks
from services.gateway.check_verdicts import day_verdicts
from services.gateway.checks_formats import checks_csv
from services.gateway.deps import CameraId, State, check_date

router = APIRouter(tags=["checks"])

MAX_DAYS = 31
DayQuery = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD (UTC day folder)")]
FORMATS = {"junit": "application/xml", "csv": "text/csv"}


def day_range(date: str | None, first: str | None, last: str | None) -> tuple[str, str] | None:
    """(first, last) from ?date= or ?from=&to= (at most MAX_DAYS days, from not after to), None for neither
    (the newest day on the card); 422 otherwise."""
    if (date, first, last) == (None, None, None):
        return None
    if date is not None and (first, last) == (None, None):
        return check_date(date), check_date(date)
    if date is not None or first is None or last is None:
        raise HTTPException(422, "give either date=YYYY-MM-DD or both from=YYYY-MM-DD and to=YYYY-MM-DD")
    first, last = check_date(first), check_date(last)
    days = (date_type.fromisoformat(last) - date_type.fromisoformat(first)).days + 1
    if days < 1:
        raise HTTPException(422, f"from ({first}) must not be after to ({last})")
    if days > MAX_DAYS:
        raise HTTPException(422, f"from {first} to {last} is {days} days: at most {MAX_DAYS} days per request")
    return first, last


@router.get("/cameras/{id}/checks", response_model=ChecksAnswer,
            responses={200: {"content": {media: {"schema": {"type": "string"}} for media in FORMATS.values()},
                             "description": "JSON; JUnit XML with format=junit; CSV with format=csv"}})
async def checks(
    camera_id: CameraId, state: State, query: Annotated[CheckQuery, Query()], date: DayQuery = None,
    first: Annotated[str | None, Query(alias="from", max_length=10, description="first day, YYYY-MM-DD")] = None,
    last: Annotated[str | None, Query(alias="to", max_length=10, description="last day, YYYY-MM-DD")] = None,
    format: Literal["json", "junit", "csv"] = "json",
) -> ChecksAnswer | Response:
    """Verdict (pass/warn/fail), expected values and tolerances used, per-check and per-day summaries, issues.

    Without date or from/to: the newest day on the card.
    """
    run = await load_check_run(state, camera_id, day_range(date, first, last), query)
    answer = run_checks(camera_id, run.first, run.last, run.days, run.setup)
    if format == "json":  # serialised here once: the model was built by the rules, no need to validate it again
        return Response(answer.model_dump_json(by_alias=True), media_type="application/json")
    name = f"{camera_id}-checks-{run.first}{'' if run.first == run.last else f'-{run.last}'}"
    body = checks_junit(answer) if format == "junit" else checks_csv(answer)
    extension = "xml" if format == "junit" else "csv"
    return Response(body, media_type=FORMATS[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'})


@router.get("/cameras/{id}/checks/days", response_model=list[DayVerdict])
async def checks_by_day(camera_id: CameraId, state: State) -> list[DayVerdict]:
    """Every recording day's verdict with the default tolerances (the camera page's calendar), kept until rescanned."""
    return await day_verdicts(state, camera_id)
