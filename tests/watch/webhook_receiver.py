"""A webhook receiver for tests: records each POST, checks its signature, and can refuse the first ones."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request, Response


@dataclass(frozen=True)
class Received:
    """One POST as it came: its idempotency key, whether its signature was right, its JSON body."""

    delivery: str
    signed: bool
    body: dict[str, Any]


@dataclass
class WebhookReceiver:
    """Answers 503 to the first `refuse` POSTs, 204 to the rest, and keeps every one it got."""

    secret: str
    refuse: int = 0
    received: list[Received] = field(default_factory=list)

    def app(self) -> FastAPI:
        """The receiver as an ASGI app (POST /hook)."""
        app = FastAPI()

        @app.post("/hook")
        async def hook(request: Request) -> Response:
            raw = await request.body()
            expected = "sha256=" + hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()
            signed = hmac.compare_digest(expected, request.headers.get("x-sdb-signature", ""))
            self.received.append(Received(request.headers.get("x-sdb-delivery", ""), signed, json.loads(raw)))
            if len(self.received) <= self.refuse:
                return Response(status_code=503)
            return Response(status_code=204)

        return app

    def issue_ids(self) -> list[str]:
        """The issue id of every POST, in order (repeats included)."""
        return [entry.body["issue"]["issue_id"] for entry in self.received]
