"""The fleet: every configured or scanned camera in one table, worst first, from stored documents only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from libs.common.contracts.api.fleet import Fleet
from libs.common.contracts.records import utc_now
from services.gateway.deps import State, check_date
from services.gateway.fleet.camera_filter import camera_filter
from services.gateway.fleet.fleet_table import STRIP_DAYS, fleet_snapshots

router = APIRouter(tags=["fleet"])


@router.get("/fleet")
async def fleet(state: State,
                date: Annotated[str | None, Query(max_length=10, description="The day judged as today (UTC), "
                                                  "YYYY-MM-DD; default the current UTC day")] = None,
                days: Annotated[int, Query(ge=1, le=31, description="Days in each row's verdict strip")] = STRIP_DAYS,
                camera: Annotated[list[str] | None, Query(description="Only these cameras (repeatable), e.g. to "
                                                          "refresh the rows an event names")] = None) -> Fleet:
    """One row per camera: state, last scan, today's verdict and issues, recording so far, card, verdict strip."""
    only = camera_filter(camera)
    generated = utc_now()
    today = check_date(date) if date is not None else generated.date().isoformat()
    snapshots = await fleet_snapshots(state, today, days, generated, only)
    return Fleet(generated=generated, today=today, cameras=[snapshot.row for snapshot in snapshots])
