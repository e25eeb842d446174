"""Fault 5: a malformed message and an undecodable image job are dead-lettered with a reason, never retried forever."""

from __future__ import annotations

import json

import aio_pika
import httpx
import pytest

from libs.common.contracts.envelope import Envelope
from libs.common.contracts.messages import THUMBNAIL_QUEUE, ThumbnailJob
from tests.e2e.sse_client import read_events
from tests.faults.conftest import StackFactory
from tests.sample_card import CARD_DAY
from tools.local_servers.polling import eventually

pytestmark = [pytest.mark.fault, pytest.mark.distributed]


async def test_poison_jobs_end_in_the_dead_letter_queue_with_a_reason(fault_stack: StackFactory) -> None:
    with fault_stack(thumbnailers=1) as stack:
        async with httpx.AsyncClient(base_url=stack.services.web_url, timeout=30) as web:
            scan_id = (await web.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
            assert (await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=120))[-1].kind == \
                "scan.completed"
            errors_before = (await web.get(f"/api/v1/scans/{scan_id}")).json()["progress"]["errors"]
            clips = (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": CARD_DAY.isoformat()})).json()
            victim = next(clip for clip in clips if clip["status"] == "ok")

            store = stack.store()
            await store.start()
            await store.put("poison/keyframes.bin", b"\x00\x00\x00\x01 these are not H.264 keyframes")
            job = ThumbnailJob(scan_id=scan_id, camera_id="CAM01", clip_id=victim["clip_id"], fingerprint="f",
                               codec="h264", keyframes_key="poison/keyframes.bin", keyframe_count=1,
                               images="thumbnail")
            connection = await aio_pika.connect(stack.amqp_url)
            async with connection:
                channel = await connection.channel()
                for body in (b"{not json at all", Envelope.wrap(job).to_bytes()):
                    await channel.default_exchange.publish(
                        aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        routing_key=THUMBNAIL_QUEUE)

            async def both_dead_and_queue_empty() -> bool:
                queue = (await web.get("/api/v1/health")).json()["queues"][THUMBNAIL_QUEUE]
                return queue["dead_letters"] == 2 and queue["messages"] == 0

            await eventually(both_dead_and_queue_empty, 60, "two dead letters on the image queue")
            scan = (await web.get(f"/api/v1/scans/{scan_id}")).json()
            assert scan["progress"]["errors"] == errors_before + 1
            reasons = [json.loads(await store.get(key)) for key in await store.list("image-errors/")]
            assert any("cannot make the thumbnail" in reason["error"] for reason in reasons), reasons

            problems = (await web.get(f"/api/v1/scans/{scan_id}/errors")).json()
            image_problems = [problem for problem in problems if problem["stage"] == "images"]
            assert [problem["clip_id"] for problem in image_problems] == [victim["clip_id"]]
            assert "cannot make the thumbnail" in image_problems[0]["error"]
            unreadable = {clip["clip_id"]: clip["error"] for clip in clips if clip["status"] != "ok"}
            assert {problem["clip_id"]: problem["error"] for problem in problems
                    if problem["stage"] == "metadata"} == unreadable
            assert len(problems) == scan["progress"]["errors"]
