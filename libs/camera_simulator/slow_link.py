"""A camera-like link in user space: a TCP proxy with a one-way delay and a byte rate in each direction.

Run in front of any TCP server: `python -m libs.camera_simulator.slow_link --upstream 127.0.0.1:2222 --delay-ms 5
--rate 5000000` prints `slow link on 127.0.0.1:<port>` and forwards until interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Iterator

from libs.camera_simulator.link_timing import LinkShape, PipeSchedule

PIECE_BYTES = 4096
MIN_QUEUE_BYTES = 256 * 1024


class _Direction:
    """One direction of one connection: reads pieces as they come, writes each at its arrival time."""

    def __init__(self, schedule: PipeSchedule, queue_limit: int) -> None:
        """Pieces are timed by the link's shared schedule for this direction."""
        self._schedule = schedule
        self._queue: deque[tuple[float, bytes]] = deque()
        self._queued_bytes = 0
        self._limit = queue_limit
        self._changed = asyncio.Condition()
        self._ended = False

    async def carry(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        """Forward `source` to `sink` until end of stream; the far side then sees end of stream too."""
        writing = asyncio.ensure_future(self._deliver(sink))
        try:
            await self._take(source)
        except BaseException:
            writing.cancel()
            await asyncio.gather(writing, return_exceptions=True)
            raise
        async with self._changed:
            self._ended = True
            self._changed.notify_all()
        await writing

    async def _take(self, source: asyncio.StreamReader) -> None:
        """Read pieces, stamp each with its arrival time, and queue them (waiting while the queue is full)."""
        loop = asyncio.get_running_loop()
        while data := await source.read(PIECE_BYTES):
            async with self._changed:
                await self._changed.wait_for(lambda: self._queued_bytes < self._limit)
                self._queue.append((self._schedule.arrival(loop.time(), len(data)), data))
                self._queued_bytes += len(data)
                self._changed.notify_all()

    async def _deliver(self, sink: asyncio.StreamWriter) -> None:
        """Write every piece once its arrival time has come; then half-close the sink."""
        loop = asyncio.get_running_loop()
        while True:
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self._queue) or self._ended)
                if not self._queue:
                    break
                due_at = self._queue[0][0]
            await asyncio.sleep(max(0.0, due_at - loop.time()))
            async with self._changed:
                now, due = loop.time(), []
                while self._queue and self._queue[0][0] <= now:
                    due.append(self._queue.popleft()[1])
                self._queued_bytes -= sum(len(piece) for piece in due)
                self._changed.notify_all()
            sink.write(b"".join(due))
            await sink.drain()
        if sink.can_write_eof():
            sink.write_eof()


class SlowLink:
    """Listens on host:port and forwards each connection to upstream through the shaped link."""

    def __init__(self, upstream_host: str, upstream_port: int, shape: LinkShape, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        """Nothing listens until start()."""
        self.shape = shape
        self.host = host
        self._upstream = (upstream_host, upstream_port)
        self._wanted_port = port
        self._to_server = PipeSchedule(shape)
        self._to_client = PipeSchedule(shape)
        self._queue_limit = max(MIN_QUEUE_BYTES, int(2 * shape.rate_bytes_per_s * shape.delay_s))
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def port(self) -> int:
        """The port clients connect to."""
        assert self._server is not None, "start() the link first"
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def start(self) -> SlowLink:
        """Start listening."""
        self._server = await asyncio.start_server(self._accepted, self.host, self._wanted_port)
        return self

    async def close(self) -> None:
        """Stop listening and cut every forwarded connection."""
        if self._server is not None:
            self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> SlowLink:
        """`async with await SlowLink(...).start() as link:`."""
        return self

    async def __aexit__(self, *_: object) -> None:
        """Close on leaving the block."""
        await self.close()

    async def _accepted(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        """Forward one connection in a task close() can cancel (asyncio's own handler task must end normally)."""
        forwarding = asyncio.ensure_future(self._forward(client_reader, client_writer))
        self._connections.add(forwarding)
        try:
            await asyncio.gather(forwarding, return_exceptions=True)
        finally:
            self._connections.discard(forwarding)

    async def _forward(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        """Connect upstream and carry both directions until both ends have finished."""
        server_writer: asyncio.StreamWriter | None = None
        try:
            server_reader, server_writer = await asyncio.open_connection(*self._upstream)
            async with asyncio.TaskGroup() as both:
                both.create_task(_Direction(self._to_server, self._queue_limit).carry(client_reader, server_writer))
                both.create_task(_Direction(self._to_client, self._queue_limit).carry(server_reader, client_writer))
        except* OSError:
            pass  # either end reset or refused: the other end is closed below, as a broken link would
        finally:
            for writer in (client_writer, server_writer):
                if writer is not None:
                    writer.close()


@contextlib.contextmanager
def slow_link_in_thread(upstream_port: int, shape: LinkShape, upstream_host: str = "127.0.0.1") -> Iterator[int]:
    """Run a SlowLink on its own event loop in a thread (for synchronous fixtures); yields its port."""
    loop = asyncio.new_event_loop()
    link = SlowLink(upstream_host, upstream_port, shape)
    thread = threading.Thread(target=loop.run_forever, name="slow-link", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(link.start(), loop).result(timeout=10)
        yield link.port
    finally:
        asyncio.run_coroutine_threadsafe(link.close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


async def _serve(options: argparse.Namespace) -> None:
    """Forward until cancelled, printing where the link listens."""
    host, _, port = options.upstream.rpartition(":")
    shape = LinkShape.of(options.delay_ms, options.rate)
    async with await SlowLink(host, int(port), shape, options.host, options.port).start() as link:
        print(f"slow link on {link.host}:{link.port} ({shape})", flush=True)
        await asyncio.Event().wait()


def main() -> None:
    """Entry point of `python -m libs.camera_simulator.slow_link`."""
    parser = argparse.ArgumentParser(prog="python -m libs.camera_simulator.slow_link", description=__doc__)
    parser.add_argument("--upstream", required=True, help="HOST:PORT to forward to")
    parser.add_argument("--delay-ms", type=float, default=5.0, help="one-way delay, each direction")
    parser.add_argument("--rate", type=float, default=5_000_000, help="bytes per second, each direction (0 = any)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = any free port")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(parser.parse_args()))


if __name__ == "__main__":
    main()
