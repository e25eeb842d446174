"""Every broker adapter keeps the same promises: delivery, priority, retries, dead letters, events, health."""

from __future__ import annotations

import asyncio

from libs.common.adapters.broker.port import Broker, PermanentFailure
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.messages import PRIORITY_BACKFILL, PRIORITY_ON_SCREEN, PRIORITY_PREVIEW
from tests.contracts.conftest import DeadLetters
from tests.contracts.recording import DeadRecorder, RecordingHandler, job
from tools.local_servers.polling import eventually


async def test_a_published_message_reaches_its_consumer_intact(broker: Broker, queue_name: str) -> None:
    handler = RecordingHandler()
    await broker.consume(queue_name, handler)
    sent = job(7)

    await broker.publish(queue_name, sent)

    await eventually(lambda: len(handler.seen) == 1, what="the delivery")
    assert handler.seen == [sent]


async def test_a_higher_priority_message_overtakes_waiting_ones(broker: Broker, queue_name: str) -> None:
    backlog = [job(n) for n in range(3)]
    for message in backlog:
        await broker.publish(queue_name, message, priority=0)
    urgent = job(99)
    await broker.publish(queue_name, urgent, priority=9)
    handler = RecordingHandler()

    await broker.consume(queue_name, handler, prefetch=1)

    await eventually(lambda: len(handler.seen) == 4, what="all four deliveries")
    assert handler.ids == [urgent.id, *(message.id for message in backlog)]


async def test_image_jobs_come_on_screen_thumbnails_then_backfill_thumbnails_then_previews_each_in_order(
    broker: Broker, queue_name: str
) -> None:
    sent: dict[int, list[Envelope]] = {PRIORITY_ON_SCREEN: [], PRIORITY_BACKFILL: [], PRIORITY_PREVIEW: []}
    for n in range(3):
        for priority in (PRIORITY_PREVIEW, PRIORITY_BACKFILL, PRIORITY_ON_SCREEN):
            message = job(10 * priority + n)
            sent[priority].append(message)
            await broker.publish(queue_name, message, priority=priority)
    handler = RecordingHandler()

    await broker.consume(queue_name, handler, prefetch=2)

    await eventually(lambda: len(handler.seen) == 9, what="all nine deliveries")
    assert handler.ids == [message.id for priority in (PRIORITY_ON_SCREEN, PRIORITY_BACKFILL, PRIORITY_PREVIEW)
                           for message in sent[priority]]


async def test_a_message_whose_handler_fails_once_is_retried_then_settled(
    broker: Broker, queue_name: str, dead_letters: DeadLetters
) -> None:
    handler = RecordingHandler(failures=1)
    dead = DeadRecorder()
    await broker.consume(queue_name, handler, max_tries=3, on_dead=dead)
    sent = job()

    await broker.publish(queue_name, sent)

    await eventually(lambda: handler.attempts[sent.id] == 2, what="the retry")
    assert dead.dead == []
    assert await dead_letters(queue_name) == []


async def test_a_message_that_keeps_failing_is_dead_lettered_after_max_tries(
    broker: Broker, queue_name: str, dead_letters: DeadLetters
) -> None:
    handler = RecordingHandler(failures=100, failure=ValueError("camera said no"))
    dead = DeadRecorder()
    await broker.consume(queue_name, handler, max_tries=3, on_dead=dead)
    sent = job()

    await broker.publish(queue_name, sent)

    await eventually(lambda: len(dead.dead) == 1, what="the dead letter")
    assert handler.attempts[sent.id] == 3
    [(dead_id, reason)] = dead.dead
    assert dead_id == sent.id
    assert "ValueError: camera said no" in reason
    assert await dead_letters(queue_name) == [(sent.id, reason)]


async def test_a_permanent_failure_is_dead_lettered_at_once(
    broker: Broker, queue_name: str, dead_letters: DeadLetters
) -> None:
    handler = RecordingHandler(failures=100, failure=PermanentFailure("clip path is not on the card"))
    dead = DeadRecorder()
    await broker.consume(queue_name, handler, max_tries=5, on_dead=dead)
    sent = job()

    await broker.publish(queue_name, sent)

    await eventually(lambda: len(dead.dead) == 1, what="the dead letter")
    assert handler.attempts[sent.id] == 1
    assert "clip path is not on the card" in dead.dead[0][1]
    assert [dead_id for dead_id, _ in await dead_letters(queue_name)] == [sent.id]


async def test_every_subscriber_receives_every_event_in_order(broker: Broker) -> None:
    first, second = RecordingHandler(), RecordingHandler()
    await broker.subscribe_events(first)
    await broker.subscribe_events(second)
    events = [Envelope(type="test.event", payload={"n": n}) for n in range(3)]

    for event in events:
        await broker.publish_event(event)

    await eventually(lambda: len(first.seen) == 3 and len(second.seen) == 3, what="both subscribers' events")
    assert first.seen == events
    assert second.seen == events


async def test_an_event_with_no_subscribers_is_accepted(broker: Broker) -> None:
    await broker.publish_event(Envelope(type="test.event", payload={}))


async def test_competing_consumers_share_the_work_without_duplicates(broker: Broker, queue_name: str) -> None:
    class SlowHandler(RecordingHandler):
        async def __call__(self, message: Envelope) -> None:
            await super().__call__(message)
            await asyncio.sleep(0.01)  # stands for the work, so the other consumer gets a turn

    left, right = SlowHandler(), SlowHandler()
    await broker.consume(queue_name, left)
    await broker.consume(queue_name, right)
    sent = [job(n) for n in range(20)]

    for message in sent:
        await broker.publish(queue_name, message)

    await eventually(lambda: len(left.seen) + len(right.seen) == 20, what="all twenty deliveries")
    received = left.ids + right.ids
    assert sorted(received) == sorted(message.id for message in sent)
    assert left.seen and right.seen


async def test_health_counts_the_consumers_of_each_queue(broker: Broker, queue_name: str) -> None:
    other_queue = f"{queue_name}.other"
    await broker.consume(queue_name, RecordingHandler())
    await broker.consume(queue_name, RecordingHandler())

    health = await broker.health()

    assert health.connected
    assert health.consumers.get(queue_name) == 2
    assert health.consumers.get(other_queue, 0) == 0


async def test_health_says_disconnected_after_close(broker: Broker) -> None:
    await broker.close()

    health = await broker.health()

    assert not health.connected
