"""Exports are bounded: a held export keeps only a few MiB read ahead of its client, and exports beyond
SDB_EXPORT_MAX_CONCURRENT are refused with 429 until one ends."""

from __future__ import annotations

import time

import httpx

from services.embedded.streaming_asgi import StreamingASGITransport
from tests.export.conftest import CAMERA, ExportWorld
from tests.export.export_card import FASTSTART, FIRST_RUN, at
from tools.local_servers.polling import eventually

EXPORT = f"/api/v1/cameras/{CAMERA}/export"
WHOLE_CARD = {"start": at(FIRST_RUN[0]), "end": at(FASTSTART[-1], 10.0), "format": "zip"}
AHEAD_BOUND = 3 * 1024 * 1024


async def test_a_held_export_reads_at_most_a_few_mib_ahead_of_its_client(world: ExportWorld) -> None:
    served = world.simulator
    async with httpx.AsyncClient(transport=StreamingASGITransport(world.system.gateway_app),
                                 base_url="http://gateway") as gateway, \
            gateway.stream("GET", EXPORT, params=WHOLE_CARD) as answer:
        assert answer.status_code == 200
        chunks = answer.aiter_raw()
        taken = len(await anext(chunks))
        before = served.bytes_served
        last = {"bytes": -1, "since": time.monotonic()}

        def settled() -> bool:  # the camera was read no further for half a second
            if served.bytes_served != last["bytes"]:
                last.update(bytes=served.bytes_served, since=time.monotonic())
            return time.monotonic() - last["since"] > 0.5

        await eventually(settled, 20, "the export to stop reading ahead")
        assert served.bytes_served - taken < AHEAD_BOUND, (before, served.bytes_served, taken)
        total = taken + sum([len(chunk) async for chunk in chunks])
    assert total > 2 * AHEAD_BOUND  # the card is big enough for the bound to mean something


async def test_exports_beyond_the_cap_are_refused_with_429_until_one_ends(world: ExportWorld) -> None:
    async with world.other_gateway(export_max_concurrent=2) as gateway:
        async with gateway.stream("GET", EXPORT, params=WHOLE_CARD) as first, \
                gateway.stream("GET", EXPORT, params=WHOLE_CARD) as second:
            assert first.status_code == second.status_code == 200
            refused = await gateway.get(EXPORT, params=WHOLE_CARD)
            assert refused.status_code == 429 and refused.headers["retry-after"] == "10"
            assert "SDB_EXPORT_MAX_CONCURRENT=2" in refused.json()["detail"]
        again = await gateway.get(EXPORT, params=WHOLE_CARD)
        assert again.status_code == 200 and again.content[:2] == b"PK"
        bad = await gateway.get(EXPORT, params={**WHOLE_CARD, "start": "1999-01-01T00:00:00Z",
                                                "end": "1999-01-01T01:00:00Z"})
        assert bad.status_code == 404
        assert (await gateway.get(EXPORT, params=WHOLE_CARD)).status_code == 200  # refusals gave their slot back
