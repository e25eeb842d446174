"""Watches: start (or change) one on a camera, list, read, stop; a camera's issue history."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from libs.common.adapters.store.port import ObjectMissing, ObjectStore
from libs.common.contracts.api.issues import HistoryIssue
from libs.common.contracts.records import utc_now
from libs.common.contracts.watches import MIN_EVERY_S, WatchBody, WatchRecord, WatchView
from libs.common.documents.issue_history import issues_since
from libs.common.documents.watch_lifecycle import list_watches, load_watch, start_watch, stop_watch, watch_view
from libs.common.domain.webhook_urls import webhook_url_problem
from services.gateway.deps import CameraId, State, Store, camera_target_param

router = APIRouter(tags=["watches"])
_WATCH_ID_RE = re.compile(r"^[0-9a-f]{32}$")


def _checked_body(body: WatchBody, floor_s: float) -> WatchBody:
    """422 for an interval under the floor, an `until` without a zone or not in the future, a bad webhook URL."""
    if body.every_s < floor_s:
        raise HTTPException(422, f"every_s must be at least {floor_s:g} seconds, got {body.every_s:g}")
    if body.until is not None:
        if body.until.utcoffset() is None:
            raise HTTPException(422, "until must carry a time zone, e.g. 2026-12-07T18:00:00Z")
        if body.until <= utc_now():
            raise HTTPException(422, f"until ({body.until.isoformat()}) is not in the future")
    for url in body.webhook_urls:
        if problem := webhook_url_problem(url):
            raise HTTPException(422, f"webhook_urls: {problem}")
    return body


@router.post("/cameras/{id}/watch", status_code=201, dependencies=[Depends(camera_target_param)],
             responses={200: {"model": WatchView, "description": "the camera's active watch, changed"}})
async def start(camera_id: CameraId, state: State, body: WatchBody, response: Response) -> WatchView:
    """Start watching the camera (201), or change its active watch (200): a tick every every_s until `until`."""
    floor = min(MIN_EVERY_S, state.settings.watch_min_every_s)
    checked = _checked_body(body, floor)
    async with state.scan_locks[f"watch:{camera_id}"]:
        record, created = await start_watch(state.store, state.broker, camera_id, checked.every_s, checked.until,
                                            checked.webhook_urls)
    if not created:
        response.status_code = 200
    return watch_view(record)


async def known_watch(store: ObjectStore, watch_id: str) -> WatchRecord:
    """The stored watch, or 404 for a malformed or unknown id."""
    if not _WATCH_ID_RE.fullmatch(watch_id):
        raise HTTPException(404, "unknown watch id")
    try:
        return await load_watch(store, watch_id)
    except ObjectMissing as exc:
        raise HTTPException(404, f"unknown watch {watch_id}") from exc


@router.get("/watches")
async def watches(store: Store) -> list[WatchView]:
    """Every watch, newest first, with its ticks and status."""
    now = utc_now()
    return [watch_view(record, now) for record in await list_watches(store)]


@router.get("/watches/{watch_id}")
async def watch(watch_id: str, store: Store) -> WatchView:
    """One watch."""
    return watch_view(await known_watch(store, watch_id))


@router.delete("/watches/{watch_id}")
async def stop(watch_id: str, store: Store) -> WatchView:
    """Stop a watch (its next tick does nothing); an ended or stopped watch is answered as it is."""
    await known_watch(store, watch_id)
    return watch_view(await stop_watch(store, watch_id))


@router.get("/cameras/{id}/issues")
async def issues(camera_id: CameraId, store: Store,
                 since: Annotated[datetime | None, Query(description="ISO time: issues last seen at or after it")]
                 = None) -> list[HistoryIssue]:
    """The issues watches of the camera found, with their stable id and first and last sighting."""
    if since is not None and since.utcoffset() is None:
        raise HTTPException(422, "since must carry a time zone, e.g. 2026-12-07T18:00:00Z")
    return await issues_since(store, camera_id, since)
