"""Exit codes, and how the client's failures map to them and to a message on stderr (docs/cli.md)."""

from __future__ import annotations

from dataclasses import dataclass

from libs.client.errors import ApiError, ClientError, ServerUnreachable, TransferInterrupted, UnexpectedAnswer

OK = 0
FAILED = 1  # the scan failed, a check failed, an export was refused or cut off, the server refused the request
USAGE = 2  # bad options, the server unreachable, the token refused, a request the server found malformed


class CommandFailed(Exception):
    """Stop the command with this exit code after printing the message to stderr."""

    def __init__(self, code: int, message: str) -> None:
        """An exit code and the sentence to print."""
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ExitPolicy:
    """Which code a command gives each kind of failure (checks: everything but a verdict is 2)."""

    bad_input: int = USAGE
    refused: int = FAILED
    interrupted: int = FAILED


DEFAULT_POLICY = ExitPolicy()


def failure_of(error: ClientError, policy: ExitPolicy, url: str) -> CommandFailed:
    """The exit code and message for a client failure."""
    if isinstance(error, ServerUnreachable):
        return CommandFailed(USAGE, f"{error} (is the server running at {url}? set --url or SDB_URL)")
    if isinstance(error, UnexpectedAnswer):
        return CommandFailed(USAGE, f"{error} (is {url} an SD Card Browser? set --url or SDB_URL)")
    if isinstance(error, TransferInterrupted):
        return CommandFailed(policy.interrupted, str(error))
    if isinstance(error, ApiError):
        if error.token_refused:
            return CommandFailed(USAGE, f"the server refused the API token ({error.status}: {error.detail}); "
                                        "pass --token or set SDB_API_TOKEN")
        code = policy.bad_input if error.status in (400, 422) else policy.refused
        return CommandFailed(code, f"refused ({error.status}): {error.detail}")
    return CommandFailed(FAILED, str(error))
