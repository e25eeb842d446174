"""The camera-like link: its timing model on a fake clock, and a proxy that carries every byte, in order, both ways."""

from __future__ import annotations

import asyncio
import random

import pytest

from libs.camera_simulator.link_timing import LinkShape, PipeSchedule
from libs.camera_simulator.slow_link import SlowLink

SHAPE = LinkShape.of(5, 5_000_000)


def test_a_lone_piece_arrives_after_its_transfer_time_plus_the_delay() -> None:
    pipe = PipeSchedule(SHAPE)
    assert pipe.arrival(now=10.0, nbytes=5_000) == pytest.approx(10.0 + 0.001 + 0.005)


def test_pieces_handed_over_together_queue_on_the_wire_but_share_one_delay() -> None:
    pipe = PipeSchedule(SHAPE)
    arrivals = [pipe.arrival(now=0.0, nbytes=50_000) for _ in range(10)]
    assert arrivals == pytest.approx([0.005 + 0.01 * (k + 1) for k in range(10)])
    separately = 10 * PipeSchedule(SHAPE).arrival(now=0.0, nbytes=50_000)
    assert arrivals[-1] < separately, "ten requests in flight cost one delay, not ten"


def test_a_round_trip_of_small_requests_costs_twice_the_delay_however_many_are_in_flight() -> None:
    there, back = PipeSchedule(SHAPE), PipeSchedule(SHAPE)
    answers = [back.arrival(now=there.arrival(now=0.0, nbytes=40), nbytes=40) for _ in range(50)]
    assert max(answers) == pytest.approx(0.010, abs=0.001)


def test_an_idle_wire_starts_afresh() -> None:
    pipe = PipeSchedule(SHAPE)
    pipe.arrival(now=0.0, nbytes=5_000_000)
    assert pipe.arrival(now=5.0, nbytes=0) == pytest.approx(5.005)
    assert pipe.arrival(now=5.0, nbytes=5_000) == pytest.approx(5.006)


def test_a_link_without_a_rate_only_delays() -> None:
    pipe = PipeSchedule(LinkShape.of(20, 0))
    assert [pipe.arrival(now=1.0, nbytes=10**9) for _ in range(3)] == pytest.approx([1.02] * 3)
    assert str(LinkShape.of(20, 0)) == "20 ms, unlimited" and str(LinkShape()) == "loopback"
    with pytest.raises(ValueError, match=">= 0"):
        LinkShape.of(-1, 0)


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Send back everything, then close after the client's end of stream."""
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
    writer.close()


async def test_every_byte_arrives_intact_and_in_order_on_many_connections_at_once() -> None:
    server = await asyncio.start_server(_echo, "127.0.0.1", 0)
    payloads = [random.Random(seed).randbytes(300_000) for seed in range(5)]

    async def round_trip(port: int, payload: bytes) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        writer.write_eof()
        echoed = await reader.read()
        writer.close()
        return echoed

    async with server, await SlowLink("127.0.0.1", server.sockets[0].getsockname()[1],
                                      LinkShape.of(1, 50_000_000)).start() as link:
        echoed = await asyncio.gather(*(round_trip(link.port, payload) for payload in payloads))
    assert echoed == payloads


async def test_a_refused_upstream_closes_the_client_connection() -> None:
    async with await SlowLink("127.0.0.1", 1, SHAPE).start() as link:
        reader, writer = await asyncio.open_connection("127.0.0.1", link.port)
        assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
