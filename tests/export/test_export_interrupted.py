"""A camera that stalls mid-export cuts the answer off as an error, never a short file that looks complete."""

from __future__ import annotations

import httpx
import pytest
import structlog

from libs.camera_simulator.server import start_simulator
from tests.export.conftest import CAMERA, ExportWorld
from tests.export.export_card import FIRST_RUN, at, slot
from tests.sample_card import PASSWORD, USER
from tools.local_servers.polling import eventually

STALL_AFTER_BYTES = 1_000_000  # the clips' indexes and about two clips, then the card wedges


@pytest.mark.parametrize("through_web", [False, True], ids=["gateway", "web"])
@pytest.mark.parametrize("format", ["mp4", "zip"])
async def test_a_stall_mid_stream_aborts_the_answer_and_is_logged_with_the_camera_id(
    world: ExportWorld, format: str, through_web: bool
) -> None:
    received = 0
    async with (
        await start_simulator(world.card, user=USER, password=PASSWORD,
                              stall_after_bytes=STALL_AFTER_BYTES) as stalling,
        world.other_gateway(stalling, through_web, camera_call_timeout_s=1.0) as gateway,
    ):
        with structlog.testing.capture_logs() as logs, pytest.raises(httpx.RemoteProtocolError):
            params = {"start": at(FIRST_RUN[0]), "end": at(FIRST_RUN[-1], 10.0), "format": format}
            async with gateway.stream("GET", f"/api/v1/cameras/{CAMERA}/export", params=params) as answer:
                assert answer.status_code == 200
                async for chunk in answer.aiter_raw():
                    received += len(chunk)
    assert 0 < received < 5 * STALL_AFTER_BYTES  # the first clips arrived before the stall: streamed, not buffered
    interrupted = [entry for entry in logs if entry["event"] == "export interrupted"]
    assert len(interrupted) == 1 and interrupted[0]["camera_id"] == CAMERA, logs
    assert interrupted[0]["log_level"] == "error"


async def test_a_client_that_goes_away_stops_the_camera_reads(world: ExportWorld) -> None:
    clip_bytes = sum((world.card / slot(index).relative_path).stat().st_size for index in FIRST_RUN)
    async with (
        await start_simulator(world.card, user=USER, password=PASSWORD, rate_bytes_per_s=1_000_000) as slow,
        world.other_gateway(slow) as gateway,
    ):
        with structlog.testing.capture_logs() as logs:
            params = {"start": at(FIRST_RUN[0]), "end": at(FIRST_RUN[-1], 10.0)}
            async with gateway.stream("GET", f"/api/v1/cameras/{CAMERA}/export", params=params) as answer:
                assert answer.status_code == 200
                await anext(answer.aiter_raw())
            await eventually(lambda: any(entry["event"] == "export stopped by the client" for entry in logs), 20,
                             "the gateway to notice the client left")
        assert slow.bytes_served < clip_bytes / 2
