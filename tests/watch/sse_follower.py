"""Follow SSE streams in the background for tests, keeping each event as it arrives (across service restarts)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Seen:
    """One event: its kind and data."""

    kind: str
    data: dict[str, Any]


@dataclass
class Follower:
    """Events of each followed path, in arrival order, from every client they were followed on."""

    events: dict[str, list[Seen]] = field(default_factory=dict)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def follow(self, client: httpx.AsyncClient, *paths: str) -> None:
        """Start reading each path on this client until close() or the server goes away."""
        for path in paths:
            self._tasks.append(asyncio.create_task(self._read(client, path, self.events.setdefault(path, []))))

    def kinds(self, path: str, kind: str) -> list[dict[str, Any]]:
        """The data of every event of a kind on a path."""
        return [seen.data for seen in self.events.get(path, []) if seen.kind == kind]

    @staticmethod
    async def _read(client: httpx.AsyncClient, path: str, sink: list[Seen]) -> None:
        """Append each complete frame as it arrives."""
        with contextlib.suppress(httpx.HTTPError):
            async with client.stream("GET", path, headers={"Accept": "text/event-stream"}, timeout=None) as answer:
                fields: dict[str, str] = {}
                async for line in answer.aiter_lines():
                    if line == "":
                        if "data" in fields:
                            sink.append(Seen(fields.get("event", ""), json.loads(fields["data"])))
                        fields = {}
                    elif not line.startswith(":") and ":" in line:
                        name, _, value = line.partition(":")
                        fields[name] = value.lstrip(" ")

    async def close(self) -> None:
        """Stop every reader."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
