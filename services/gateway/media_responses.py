"""OpenAPI entries for answers that are not JSON (images, video, CSV), so the document names every media type."""

from __future__ import annotations

from typing import Any

from libs.common.contracts.api.errors import ErrorDetail

Responses = dict[int | str, dict[str, Any]]


def binary(description: str, *media_types: str, status: int = 200) -> Responses:
    """A `status` answer whose body is the bytes of one of `media_types`."""
    return {status: {"description": description,
                     "content": {media_type: {"schema": {"type": "string", "format": "binary"}}
                                 for media_type in media_types}}}


CSV_ALTERNATIVE: Responses = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}},
          "description": "JSON by default; CSV (a header row, one row per item) with ?format=csv or Accept: text/csv"},
}
VIDEO: Responses = {
    **binary("The whole clip", "video/mp4"),
    **binary("The requested range, with Content-Range", "video/mp4", status=206),
    416: {"model": ErrorDetail, "description": "Range not satisfiable (Content-Range: bytes */size)"},
    502: {"model": ErrorDetail, "description": "The camera refused the session or failed"},
    504: {"model": ErrorDetail, "description": "The camera did not answer in time"},
}
RENDER_WAIT: Responses = {
    422: {"model": ErrorDetail, "description": "Invalid parameter, or the image cannot be rendered (the reason)"},
    504: {"model": ErrorDetail, "description": "No thumbnailer rendered it within SDB_RENDER_DEADLINE_S"},
}
