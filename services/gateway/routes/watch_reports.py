"""A watch's soak report: JSON, JUnit XML (one testsuite per camera) or CSV."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response

from libs.common.contracts.api.watch_report import WatchReport
from libs.common.domain.watch_report_junit import report_junit
from services.gateway.deps import State
from services.gateway.routes.watches import known_watch
from services.gateway.watch_report import watch_report
from services.gateway.watch_report_csv import report_csv

router = APIRouter(tags=["watches"])
FORMATS = {"junit": "application/xml", "csv": "text/csv"}


@router.get("/watches/{watch_id}/report", response_model=WatchReport,
            responses={200: {"content": {media: {"schema": {"type": "string"}} for media in FORMATS.values()},
                             "description": "JSON; JUnit XML with format=junit; CSV with format=csv"}})
async def report(watch_id: str, state: State, format: Literal["json", "junit", "csv"] = "json") -> Response:
    """The window so far (or all of it once ended): verdict, SLO, gaps with cause, unreachable stretches,
    reboots, clock, card trend and each issue with its first sighting."""
    found = await watch_report(state, await known_watch(state.store, watch_id))
    if format == "json":
        return Response(found.model_dump_json(by_alias=True), media_type="application/json")
    name = f"{found.camera_id}-watch-{found.watch_id[:8]}"
    body = report_junit(found) if format == "junit" else report_csv(found)
    extension = "xml" if format == "junit" else "csv"
    return Response(body, media_type=FORMATS[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'})
