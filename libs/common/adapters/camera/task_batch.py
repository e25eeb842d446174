"""Running many requests at once so that none is left running, or failing unseen, when one fails or time runs out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

Result = TypeVar("Result")


def retrieve_outcome(task: asyncio.Future[Any]) -> None:
    """Mark a finished task's outcome as seen, so asyncio never reports its error as never retrieved."""
    if not task.cancelled():
        task.exception()


def _abandon(tasks: Sequence[asyncio.Future[Any]]) -> None:
    """Cancel every unfinished task and retrieve each one's outcome whenever it ends."""
    for task in tasks:
        task.cancel()
        task.add_done_callback(retrieve_outcome)


async def gather_all(awaitables: Sequence[Awaitable[Result]]) -> list[Result]:
    """The results of running all `awaitables` at once, in order.

    On the first failure the others are cancelled and that failure is raised; when the caller is cancelled
    (a call deadline), all are cancelled. Either way every task's outcome is retrieved, so an aborted batch
    leaves no orphan task and no 'exception was never retrieved' report behind.
    """
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    if not tasks:
        return []
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    except BaseException:
        _abandon(tasks)
        raise
    failed = next((task for task in tasks if task.done() and not task.cancelled() and task.exception()), None)
    if failed is None:
        return [task.result() for task in tasks]
    _abandon(tasks)
    error = failed.exception()
    assert error is not None
    raise error
