"""Ask a thumbnailer for an image the store does not hold yet, and wait for it with a deadline."""

from __future__ import annotations

import asyncio
import json
import time

from fastapi import HTTPException

from libs.common.adapters.store.port import ObjectMissing
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope, Payload
from libs.common.contracts.messages import PRIORITY_ON_SCREEN
from libs.common.contracts.render_messages import RENDER_QUEUE
from services.gateway.state import GatewayState

_POLL_S = 0.03


async def rendered(state: GatewayState, job: Payload, output_key: str) -> bytes:
    """The stored render under output_key; publishes `job` at on-screen priority first if it is missing.

    422 when the render failed for good (the reason is kept), 504 when no thumbnailer made it in time.
    """
    store = state.store
    error_key = keys.render_error(output_key)
    try:
        return await store.get(output_key)
    except ObjectMissing:
        await _raise_if_failed(state, error_key)
    await state.broker.publish(RENDER_QUEUE, Envelope.wrap(job), priority=PRIORITY_ON_SCREEN)
    deadline = time.monotonic() + state.settings.render_deadline_s
    while True:
        try:
            return await store.get(output_key)
        except ObjectMissing:
            await _raise_if_failed(state, error_key)
        if time.monotonic() > deadline:
            raise HTTPException(504, f"no thumbnailer rendered the image within {state.settings.render_deadline_s}s;"
                                     " check that thumbnailers run, then ask again")
        await asyncio.sleep(_POLL_S)


async def _raise_if_failed(state: GatewayState, error_key: str) -> None:
    """422 with the thumbnailer's reason when this render failed for good."""
    try:
        reason = json.loads(await state.store.get(error_key)).get("error", "unknown reason")
    except ObjectMissing:
        return
    raise HTTPException(422, f"the image cannot be rendered: {reason}")
