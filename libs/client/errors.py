"""What can go wrong talking to the API, as our own exceptions; str() of each is a sentence a user can act on."""

from __future__ import annotations


class ClientError(Exception):
    """Any failure of a call to the API."""


class ApiError(ClientError):
    """The server answered with an error status; `detail` is its {"detail": ...} sentence."""

    def __init__(self, status: int, detail: str, method: str, path: str) -> None:
        """Keep the status and detail, and say which call got them."""
        super().__init__(f"{method} {path} answered {status}: {detail}")
        self.status = status
        self.detail = detail

    @property
    def token_refused(self) -> bool:
        """Whether the server refused the API token (or its absence)."""
        return self.status in (401, 403)


class ServerUnreachable(ClientError):
    """No answer at all: nothing listens at the URL, the name does not resolve, or the server did not answer in time."""


class TransferInterrupted(ClientError):
    """A streamed answer (an event stream, an export) broke off before it was complete."""


class UnexpectedAnswer(ClientError):
    """The server answered success but not in the documented shape (a different program at that URL?)."""
