"""A stand-in for the checks and export routes (API.md v1 additions, built on other branches): canned answers.

Camera ids choose the case: PASS01 / WARN01 / FAIL01 give that verdict, FUTURE01 fails a check this sdb does not
know, NEWER01 a warning of a check a newer server added (NEWER_CHECK), BAD01 a 422; for export CAM01 streams
EXPORT_BYTES as MP4 with Content-Length (or, with format=zip, chunked), CHANGE01 is refused with 409 and STALL01
breaks off after half of the body.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import StreamingResponse

from libs.common.contracts.api.checks import CHECK_NAMES, ChecksAnswer, Tolerances

DAY = "2026-11-20"
EXPORT_BYTES = bytes(range(256)) * 4096  # 1 MiB
CHUNK = 64 * 1024
GAP = {"check": "gap", "severity": "fail", "date": DAY, "start": f"{DAY}T02:20:00Z", "end": f"{DAY}T02:30:00Z",
       "clip_ids": [], "paths": [], "detail": "10 min 0 s without recording while continuous recording was scheduled",
       "measured": {"seconds": 600.0, "scheduled": "continuous"}}
SHORT = {"check": "duration", "severity": "warn", "date": DAY, "start": f"{DAY}T03:15:00Z",
         "end": f"{DAY}T03:15:42Z", "clip_ids": ["CAM.x.1"], "paths": [f"{DAY}/03/20261120-031500.mp4"],
         "detail": "clip lasts 42.0 s, expected 60.0 s", "measured": {"seconds": 42.0}}
NEWER_CHECK = "lens_fog"  # a check name no release of this client knows
FUTURE = {**GAP, "check": NEWER_CHECK, "detail": "a check this sdb does not know yet"}  # from a newer server
ISSUES = {"PASS01": [], "WARN01": [SHORT], "FAIL01": [GAP, SHORT], "FUTURE01": [FUTURE, SHORT], "NEWER01": [SHORT]}


def checks_answer(camera_id: str, first: str, last: str) -> dict[str, Any]:
    """The API.md checks answer for the camera's canned issues."""
    issues = ISSUES[camera_id]
    verdict = "fail" if any(i["severity"] == "fail" for i in issues) else "warn" if issues else "pass"
    by_check = {i["check"]: 1 for i in issues}
    answer = {"camera_id": camera_id, "from": first, "to": last, "verdict": verdict,
              "expected": {"clip_s": 60.0, "fps": 30.0, "width": 1920, "height": 1080, "max_keyframe_interval_s": 1.0,
                           "codec": "h264", "audio": True, "bitrate_kbps": 900.0, "bitrate_band_kbps": None,
                           "sources": {}},
              "tolerances": Tolerances().model_dump(),
              "summary": {"clips": 120, "issues": len(issues), "by_check": by_check, "clips_without_timing": 0},
              "checks": {name: {"verdict": next((i["severity"] for i in issues if i["check"] == name), "pass"),
                                "issues": by_check.get(name, 0)} for name in CHECK_NAMES},
              "days": [{"date": first, "verdict": verdict, "clips": 120, "issues": len(issues), "by_check": by_check}],
              "issues": issues, "card": None}
    known = ChecksAnswer.model_validate(answer).model_dump(mode="json", by_alias=True)
    if camera_id == "NEWER01":  # as a newer server would answer: the same shape, a check name added
        known["issues"] = [{**issue, "check": NEWER_CHECK} for issue in known["issues"]]
        known["checks"][NEWER_CHECK] = known["checks"].pop(SHORT["check"])
    return known


async def _body(stall: bool) -> AsyncIterator[bytes]:
    """The export body in chunks; with stall, an error after half of it (the server then aborts the answer)."""
    for offset in range(0, len(EXPORT_BYTES), CHUNK):
        if stall and offset >= len(EXPORT_BYTES) // 2:
            raise RuntimeError("camera stalled")
        await asyncio.sleep(0)
        yield EXPORT_BYTES[offset : offset + CHUNK]


def stub_app() -> FastAPI:
    """The two routes with canned answers."""
    app = FastAPI()
    app.state.checks_asked = []  # the format of each checks request, in order

    @app.get("/api/v1/cameras/{camera_id}/checks", response_model=None)
    async def checks(camera_id: str, date: str | None = None,
                     first: Annotated[str | None, Query(alias="from")] = None,
                     last: Annotated[str | None, Query(alias="to")] = None, format: str = "json") -> Any:
        if camera_id not in ISSUES:
            raise HTTPException(422, f"no checks for {camera_id}")
        app.state.checks_asked.append(format)
        if format != "json":
            raise HTTPException(400, "sdb renders JUnit from the JSON answer; it must not ask for another format")
        return checks_answer(camera_id, date or first or DAY, date or last or DAY)

    @app.get("/api/v1/cameras/{camera_id}/export", response_model=None)
    async def export(camera_id: str, start: str, end: str, format: str = "mp4") -> Any:
        if camera_id == "CHANGE01":
            raise HTTPException(409, "the resolution changes from 1920x1080 to 1280x720 at 2026-11-20T02:31:00Z")
        if (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() > 86400:
            raise HTTPException(422, "the range spans 25.00 h; an export covers at most 24 h")
        headers = {"Content-Disposition": f'attachment; filename="{camera_id}_range.{format}"'}
        if format == "zip":
            return StreamingResponse(_body(camera_id == "STALL01"), media_type="application/zip", headers=headers)
        headers["Content-Length"] = str(len(EXPORT_BYTES))
        return StreamingResponse(_body(camera_id == "STALL01"), media_type="video/mp4", headers=headers)

    return app
