"""Why an export is refused before it starts, or cut off while it streams."""

from __future__ import annotations


class ExportRefused(Exception):
    """A range that cannot be exported; status_code is the HTTP answer (404, 409, 422) and detail says why."""

    def __init__(self, status_code: int, detail: str) -> None:
        """Refuse with an HTTP status and a sentence a user can act on."""
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail


class ExportInterrupted(Exception):
    """The camera failed or a clip changed mid-stream: the answer must end as an error, never look complete."""
