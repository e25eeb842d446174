"""Per-hour or per-half-hour figures of a recording day, as JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from libs.common.contracts.api.aggregates import AggregateBucket
from libs.common.documents.schedule_lookup import schedule_zone, stored_schedule
from libs.common.domain.aggregates import day_aggregates
from services.gateway.csv_export import AGGREGATE_COLUMNS, rows_csv
from services.gateway.deps import CameraId, DateParam, State
from services.gateway.media_responses import CSV_ALTERNATIVE
from services.gateway.routes.cameras import load_day

router = APIRouter(tags=["cameras"])


@router.get("/cameras/{id}/aggregates", response_model=list[AggregateBucket], responses=CSV_ALTERNATIVE)
async def aggregates(
    camera_id: CameraId,
    date: DateParam,
    state: State,
    request: Request,
    by: Annotated[Literal["hour", "half_hour"], Query(description="bucket size")] = "half_hour",
    format: str = "json",
) -> list[AggregateBucket] | Response:
    """Clips, averages (duration, kbit/s, fps), resolutions, frame mode, bytes and scheduled mode per bucket."""
    if format not in ("json", "csv"):
        raise HTTPException(422, "format must be 'json' or 'csv'")
    day = await load_day(state.store, camera_id, date)
    rows = day_aggregates(day, by, await stored_schedule(state.store, camera_id),
                          schedule_zone(state.registry, camera_id))
    if format == "csv" or "text/csv" in request.headers.get("accept", ""):
        filename = f"{camera_id}-{date}-by-{by}.csv"
        return Response(rows_csv(rows, AGGREGATE_COLUMNS), media_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return rows
