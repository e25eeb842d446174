"""The bound on clips in flight starts small, grows by one as each clip finishes, never passes its most, and lets
clips in in the order they came."""

from __future__ import annotations

import asyncio

from services.collector.slow_start import SlowStart


async def test_clips_start_few_at_a_time_then_ramp_up_to_the_most_in_arrival_order() -> None:
    limit = SlowStart(first=2, most=5)
    running: list[int] = []
    peaks: list[int] = []
    started: list[int] = []
    finish = [asyncio.Event() for _ in range(12)]

    async def clip(number: int) -> None:
        async with limit:
            started.append(number)
            running.append(number)
            peaks.append(len(running))
            await finish[number].wait()
            running.remove(number)

    tasks = [asyncio.ensure_future(clip(number)) for number in range(12)]
    await asyncio.sleep(0)
    assert started == [0, 1], "two clips at first"
    finish[0].set()
    await asyncio.sleep(0.01)
    assert started == [0, 1, 2, 3], "one clip done: room for two more"
    for event in finish:
        event.set()
        await asyncio.sleep(0.01)
    await asyncio.gather(*tasks)
    assert started == list(range(12))
    assert max(peaks) == 5 and limit.allowed == 5


async def test_a_clip_cancelled_while_waiting_takes_no_place_and_the_next_goes_in() -> None:
    limit = SlowStart(first=1, most=1)
    order: list[str] = []
    release = asyncio.Event()

    async def clip(name: str) -> None:
        async with limit:
            order.append(name)
            await release.wait()

    first, cancelled, last = (asyncio.ensure_future(clip(name)) for name in ("first", "cancelled", "last"))
    await asyncio.sleep(0)
    cancelled.cancel()
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(first, last)
    assert order == ["first", "last"] and cancelled.cancelled()
    assert limit.in_flight == 0


async def test_a_clip_cancelled_just_after_it_was_let_in_passes_its_place_on() -> None:
    limit = SlowStart(first=1, most=1)
    order: list[str] = []

    async def clip(name: str) -> None:
        async with limit:
            order.append(name)

    await limit.__aenter__()  # a clip holds the only place
    let_in_then_cancelled = asyncio.ensure_future(clip("let in, then cancelled"))
    last = asyncio.ensure_future(clip("last"))
    await asyncio.sleep(0)
    await limit.__aexit__(None, None, None)  # the place is given to the first waiter, which has not run yet
    let_in_then_cancelled.cancel()
    async with asyncio.timeout(1):
        await last
    assert order == ["last"] and let_in_then_cancelled.cancelled()
    assert limit.in_flight == 0


async def test_thousands_of_waiting_clips_are_each_woken_once() -> None:
    limit = SlowStart(first=4, most=64)
    started: list[int] = []

    async def clip(number: int) -> None:
        async with limit:
            started.append(number)
            await asyncio.sleep(0)

    await asyncio.gather(*(clip(number) for number in range(3000)))
    assert started == list(range(3000)) and limit.in_flight == 0 and limit.allowed == 64
