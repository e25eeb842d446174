"""The error answers every route may give, documented once for the OpenAPI document: {"detail": "<text>"}."""

from __future__ import annotations

from typing import Any

from libs.common.contracts.api.errors import ErrorDetail


def _error(description: str) -> dict[str, Any]:
    """One documented error status."""
    return {"model": ErrorDetail, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("Malformed input, e.g. a camera id outside [A-Za-z0-9][A-Za-z0-9_-]{0,63}"),
    401: _error("Missing or wrong API token (when SDB_API_TOKEN is set)"),
    404: _error("Unknown scan, clip, camera or day"),
    413: _error("Request body over 1 MB"),
    422: _error("Invalid parameter or body"),
    503: _error("Message broker or object store unavailable"),
}
