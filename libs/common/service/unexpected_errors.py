"""Every answer 500 is logged once, with the request and the traceback, and its body is a detail without internals."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

log = structlog.get_logger(__name__)


def log_unexpected_errors(app: FastAPI) -> None:
    """Answer an exception no other handler took with 500 `{"detail": …}` and log it (error level, traceback)."""

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("request failed", method=request.method, path=request.url.path, error=type(exc).__name__,
                  exc_info=exc)
        return JSONResponse({"detail": "internal error: the service logged it"}, status_code=500)
