"""Turning our exceptions and validation failures into JSON answers with a readable detail."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from libs.common.adapters.broker.port import BrokerUnavailable
from libs.common.adapters.camera.errors import CameraTimeout
from libs.common.adapters.store.port import ObjectMissing, StoreUnavailable
from libs.common.documents.check_run_errors import DayNotRecordedYet, NoRecordings


def _readable(exc: RequestValidationError) -> str:
    """One line per problem: where and what."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping: bad input or a day not recorded yet 422, missing or no recordings 404, broker/store
    down 503, camera timeout 504."""

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _readable(exc)}, status_code=422)

    @app.exception_handler(ObjectMissing)
    async def missing(_: Request, exc: ObjectMissing) -> JSONResponse:
        return JSONResponse({"detail": "not found"}, status_code=404)

    @app.exception_handler(NoRecordings)
    async def no_recordings(_: Request, exc: NoRecordings) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(DayNotRecordedYet)
    async def not_recorded_yet(_: Request, exc: DayNotRecordedYet) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(BrokerUnavailable)
    async def broker_down(_: Request, exc: BrokerUnavailable) -> JSONResponse:
        return JSONResponse({"detail": f"message broker unavailable: {exc}"}, status_code=503)

    @app.exception_handler(StoreUnavailable)
    async def store_down(_: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse({"detail": f"object store unavailable: {exc}"}, status_code=503)

    @app.exception_handler(CameraTimeout)
    async def camera_timeout(_: Request, exc: CameraTimeout) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=504)
