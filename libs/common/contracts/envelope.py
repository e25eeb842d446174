"""The versioned message envelope every queue message and event travels in, and the rule for its version.

SCHEMA_VERSION names the shape of every payload (work messages and scan events) and changes only by this rule:
- An additive change keeps the version: a new field with a default, a new event kind, a new message type.
  Consumers ignore fields they do not know (Payload: extra="ignore") and skip event kinds they do not know (the
  web hub, the typed client, sdb), so a newer producer never breaks an older consumer.
- A breaking change bumps it: a field removed, renamed or given another type or meaning, a new field without a
  default, a value of a closed set (a phase, an image kind) that consumers of this version must act on. A consumer
  refuses a version newer than its own (`Envelope.open`, `events.open_event`) instead of misreading it.
- Consumers may stop accepting what no producer of this version sends any more, within the version: issue 20 dropped
  the one job for both images (`images: "both"`) once the collector had sent one job per image since issue 10.
Every payload since version 1 grew additively, so the version is still 1.
"""

from __future__ import annotations

import builtins
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1  # bump only for a breaking change (see the rule above); additive changes keep it


class Payload(BaseModel):
    """Base of message payloads; each subclass names its message type."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    TYPE: ClassVar[str] = ""


P = TypeVar("P", bound=Payload)


class MalformedMessage(ValueError):
    """A message body that is not a valid envelope or payload."""


class Envelope(BaseModel):
    """id, type, schema version, time and payload of one message."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    type: str
    version: int = SCHEMA_VERSION
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    payload: dict[str, Any]

    @classmethod
    def wrap(cls, payload: Payload, message_id: str | None = None) -> Envelope:
        """Put a payload in a new envelope (a fixed id makes a redelivered publish recognisable)."""
        fields: dict[str, Any] = {"type": payload.TYPE, "payload": payload.model_dump(mode="json")}
        if message_id is not None:
            fields["id"] = message_id
        return cls(**fields)

    def open(self, model: builtins.type[P]) -> P:
        """Read the payload as the given model, refusing a type or version we do not speak."""
        if self.type != model.TYPE:
            raise MalformedMessage(f"expected a {model.TYPE!r} message, got {self.type!r}")
        if self.version > SCHEMA_VERSION:
            raise MalformedMessage(f"message schema version {self.version} is newer than {SCHEMA_VERSION}")
        try:
            return model.model_validate(self.payload)
        except ValueError as exc:
            raise MalformedMessage(f"bad {self.type!r} payload: {exc}") from exc

    def to_bytes(self) -> bytes:
        """Serialise for the wire."""
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, body: bytes) -> Envelope:
        """Parse a wire message, raising MalformedMessage on anything that is not an envelope."""
        try:
            return cls.model_validate_json(body)
        except ValueError as exc:
            raise MalformedMessage(f"not a message envelope: {str(exc)[:200]}") from exc
