"""Running a command's async body with a client, and turning what went wrong into a message and an exit code."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import typer

from libs.cli.exit_codes import DEFAULT_POLICY, USAGE, CommandFailed, ExitPolicy, failure_of
from libs.cli.output import err
from libs.client.async_client import SdbClient
from libs.client.errors import ClientError

INTERRUPTED = 130  # Ctrl-C, as shells report it


@dataclass(frozen=True)
class Connection:
    """Where the API is (--url / SDB_URL) and the token to send (--token / SDB_API_TOKEN)."""

    url: str
    token: str | None


def connection_of(ctx: typer.Context) -> Connection:
    """The global options the main callback stored."""
    connection = ctx.find_root().obj
    assert isinstance(connection, Connection)
    return connection


def run(ctx: typer.Context, work: Callable[[SdbClient], Awaitable[int]], policy: ExitPolicy = DEFAULT_POLICY) -> None:
    """Run work(client) to its exit code; client failures print one line on stderr and exit with their code."""
    connection = connection_of(ctx)

    async def with_client() -> int:
        async with SdbClient(connection.url, connection.token) as client:
            return await work(client)

    try:
        code = asyncio.run(with_client())
    except ClientError as error:
        code = _report(failure_of(error, policy, connection.url))
    except CommandFailed as failure:
        code = _report(failure)
    except OSError as error:  # a local file or folder that cannot be written
        code = _report(CommandFailed(USAGE, f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")))
    except KeyboardInterrupt:
        err("sdb: interrupted")
        code = INTERRUPTED
    raise typer.Exit(code)


def _report(failure: CommandFailed) -> int:
    """Print the failure and give its code."""
    err(f"sdb: {failure}")
    return failure.code
