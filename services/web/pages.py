"""The dashboard's pages: home, one camera, one camera's day; each a shell its script fills from the API."""

from __future__ import annotations

from datetime import date as date_type
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from libs.common.domain.camera_ids import InvalidCameraId, normalize_camera_id

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _canonical_or_error(camera_id: str) -> str | JSONResponse:
    """The upper-case camera id, or a 400 answer explaining the accepted form."""
    try:
        return normalize_camera_id(camera_id)
    except InvalidCameraId as exc:
        return JSONResponse({"detail": f"invalid camera id: {exc}"}, status_code=400)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    """The fleet, worst first, live over the fleet event stream (from the event the page was rendered after), and
    a camera id box with suggestions."""
    return templates.TemplateResponse(request, "home.html", {
        "page": "home", "last_event_id": request.app.state.hub.latest_id})


@router.get("/{camera_id}", response_model=None)
async def camera_page(camera_id: str, request: Request) -> Response:
    """Disk usage, retention, calendar of days, scan button and live progress of one camera."""
    canonical = _canonical_or_error(camera_id)
    if isinstance(canonical, JSONResponse):
        return canonical
    if canonical != camera_id:
        return RedirectResponse(f"/{canonical}", status_code=307)
    return templates.TemplateResponse(request, "camera.html", {
        "page": "camera", "camera_id": canonical, "last_event_id": request.app.state.hub.latest_id})


@router.get("/{camera_id}/{date}", response_model=None)
async def day_page(camera_id: str, date: str, request: Request) -> Response:
    """Timeline, charts, thumbnail grid and clip table of one camera's UTC day."""
    canonical = _canonical_or_error(camera_id)
    if isinstance(canonical, JSONResponse):
        return canonical
    try:
        day = date_type.fromisoformat(date) if len(date) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return JSONResponse({"detail": f"date must be a calendar date as YYYY-MM-DD, got {date[:40]!r}"},
                            status_code=404)
    if canonical != camera_id:
        return RedirectResponse(f"/{canonical}/{date}", status_code=307)
    return templates.TemplateResponse(request, "day.html", {
        "page": "day", "camera_id": canonical, "date": date, "last_event_id": request.app.state.hub.latest_id})
