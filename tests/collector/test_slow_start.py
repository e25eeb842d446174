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
