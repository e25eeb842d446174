"""Handlers for broker tests that remember what they saw and can fail on purpose."""

from __future__ import annotations

from collections import Counter

from libs.common.contracts.envelope import Envelope


class RecordingHandler:
    """Records every delivery; raises `failure` for the first `failures` deliveries of each message."""

    def __init__(self, failures: int = 0, failure: Exception | None = None) -> None:
        """Fail the first `failures` attempts of each message with `failure` (RuntimeError by default)."""
        self.failures = failures
        self.failure = failure or RuntimeError("simulated handler failure")
        self.seen: list[Envelope] = []
        self.attempts: Counter[str] = Counter()

    async def __call__(self, message: Envelope) -> None:
        """Record the delivery, then fail or succeed."""
        self.attempts[message.id] += 1
        self.seen.append(message)
        if self.attempts[message.id] <= self.failures:
            raise self.failure

    @property
    def ids(self) -> list[str]:
        """Ids in delivery order."""
        return [message.id for message in self.seen]


class DeadRecorder:
    """An on_dead callback that keeps (message id, reason)."""

    def __init__(self) -> None:
        """Nothing dead yet."""
        self.dead: list[tuple[str, str]] = []

    async def __call__(self, message: Envelope, reason: str) -> None:
        """Remember a dead-lettered message and why."""
        self.dead.append((message.id, reason))


def job(number: int = 0) -> Envelope:
    """A small test message."""
    return Envelope(type="test.job", payload={"n": number})
