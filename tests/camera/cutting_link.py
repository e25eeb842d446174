"""A loopback TCP link in front of an SSH server that can stall (stop carrying the server's answers) after so many
bytes, or drop every connection once so many bytes have gone by: a camera that hangs or reboots mid-batch."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

CHUNK_BYTES = 16 * 1024


class CuttingLink:
    """Forwards 127.0.0.1:port to the upstream port; counts the bytes the server sent through it."""

    def __init__(self, upstream_port: int, *, stall_after_bytes: int | None = None,
                 drop_after_bytes: int | None = None) -> None:
        """stall_after_bytes: answers stop for good past that many; drop_after_bytes: every connection open when
        that many have gone by is cut, once (the client's reconnect is carried as usual)."""
        self._upstream_port = upstream_port
        self._stall_after, self._drop_after = stall_after_bytes, drop_after_bytes
        self.server_bytes = 0
        self.connections = 0
        self.dropped = asyncio.Event()
        self._writers: set[asyncio.StreamWriter] = set()
        self._closing = asyncio.Event()
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        """Listen on a free loopback port."""
        self._server = await asyncio.start_server(self._accepted, "127.0.0.1", 0)

    async def close(self) -> None:
        """Release stalled answers, cut every connection, stop listening."""
        self._closing.set()
        for writer in list(self._writers):
            writer.transport.abort()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def port(self) -> int:
        """Where clients connect."""
        assert self._server is not None
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _accepted(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        """Carry one connection both ways until either end closes."""
        self.connections += 1
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self._upstream_port)
        self._writers |= {client_writer, server_writer}
        try:
            await asyncio.gather(self._carry(client_reader, server_writer, answers=False),
                                 self._carry(server_reader, client_writer, answers=True), return_exceptions=True)
        finally:
            for writer in (client_writer, server_writer):
                self._writers.discard(writer)
                writer.close()

    async def _carry(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, answers: bool) -> None:
        """Copy one direction; the server's answers are counted, held back past the stall, cut at the drop."""
        while data := await source.read(CHUNK_BYTES):
            if answers:
                self.server_bytes += len(data)
                if self._stall_after is not None and self.server_bytes > self._stall_after:
                    await self._closing.wait()  # a camera that stops answering: nothing more until the link closes
                    return
                if self._drop_after is not None and self.server_bytes > self._drop_after and not self.dropped.is_set():
                    self.dropped.set()
                    for writer in list(self._writers):
                        writer.transport.abort()
                    return
            sink.write(data)
            await sink.drain()
        sink.close()


@contextlib.asynccontextmanager
async def cutting_link(upstream_port: int, **cuts: int) -> AsyncIterator[CuttingLink]:
    """A CuttingLink listening on a free loopback port for the length of the block."""
    link = CuttingLink(upstream_port, **cuts)
    await link.start()
    try:
        yield link
    finally:
        await link.close()
