"""What 'nothing happened' means for a refused request (no publish, no scan record, no camera connection), and the
API token variants the probes run with."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import pytest

from libs.camera_simulator.server import RunningSimulator
from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.envelope import Envelope


@dataclass
class PublishLog:
    """Every message handed to the broker's work queues, recorded before delivery."""

    published: list[tuple[str, Envelope]] = field(default_factory=list)

    def attach(self, broker: InMemoryBroker) -> None:
        """Wrap the broker's publish so each call is recorded, then passed on."""
        original: Callable[[str, Envelope, int], Awaitable[None]] = broker.publish

        async def recording_publish(queue: str, message: Envelope, priority: int = 0) -> None:
            self.published.append((queue, message))
            await original(queue, message, priority)

        broker.publish = recording_publish  # type: ignore[method-assign]


@dataclass(frozen=True)
class Snapshot:
    """Counts that any accepted request would change."""

    published: int
    scan_keys: int
    connections: int


@dataclass
class QuietWatch:
    """Takes snapshots of the publish log, the store's scan records and the camera's SSH connections."""

    log: PublishLog
    store: ObjectStore
    simulator: RunningSimulator

    async def snapshot(self) -> Snapshot:
        """The counts right now."""
        return Snapshot(len(self.log.published), len(await self.store.list("scans/")),
                        self.simulator.connections_accepted)


def assert_refused(answer: httpx.Response, statuses: tuple[int, ...] = (400, 404, 405, 413, 415, 422)) -> None:
    """A 4xx from the allowed set, JSON with a non-empty string detail."""
    assert answer.status_code in statuses, (answer.status_code, answer.text[:300])
    assert answer.headers["content-type"].startswith("application/json"), answer.headers["content-type"]
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and detail, answer.text[:300]


TOKEN = "bad-input-t0ken"
with_and_without_token = pytest.mark.parametrize("api_token", [None, TOKEN], ids=["no-token", "token"])
