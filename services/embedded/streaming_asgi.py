"""An httpx transport that calls an ASGI app in-process and streams its answer: headers as soon as the app starts
the response, body chunks as the app sends them (httpx's own ASGITransport waits for the whole body), and an app
that fails mid-body makes the reader fail too, so a proxied download is cut off rather than completed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any

import httpx

Message = MutableMapping[str, Any]
App = Callable[[Message, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]
CHUNKS_AHEAD = 1  # body chunks (an export's: up to 1 MiB) the app may send before the reader takes them


class _End:
    """The app sent its last body chunk."""


class _ResponseBody(httpx.AsyncByteStream):
    """Chunks handed over by the running app; closing it stops the app as a client disconnect would."""

    def __init__(self, chunks: asyncio.Queue[bytes | _End | BaseException], app_task: asyncio.Task[None],
                 disconnected: asyncio.Event) -> None:
        """Read from `chunks`, which `app_task` fills."""
        self._chunks = chunks
        self._app_task = app_task
        self._disconnected = disconnected

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """Each chunk in order; the app's exception if it failed before its last chunk."""
        while True:
            item = await self._chunks.get()
            if isinstance(item, _End):
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    async def aclose(self) -> None:
        """Tell the app the client went away and stop it if it still runs."""
        self._disconnected.set()
        if not self._app_task.done():
            self._app_task.cancel()
        await asyncio.gather(self._app_task, return_exceptions=True)


class StreamingASGITransport(httpx.AsyncBaseTransport):
    """httpx transport to an in-process ASGI app, streaming responses."""

    def __init__(self, app: App) -> None:
        """Serve requests with `app`."""
        self._app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Start the app on the request and return as soon as it has sent the response headers."""
        body = await request.aread()
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": request.method,
            "headers": [(key.lower(), value) for key, value in request.headers.raw], "scheme": request.url.scheme,
            "path": request.url.path, "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query, "server": (request.url.host, request.url.port),
            "client": ("127.0.0.1", 123), "root_path": "",
        }
        chunks: asyncio.Queue[bytes | _End | BaseException] = asyncio.Queue(CHUNKS_AHEAD)
        head: asyncio.Future[tuple[int, list[tuple[bytes, bytes]]]] = asyncio.get_running_loop().create_future()
        disconnected, body_sent = asyncio.Event(), False

        async def receive() -> Message:
            nonlocal body_sent
            if not body_sent:
                body_sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await disconnected.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                head.set_result((message["status"], list(message.get("headers", []))))
            elif message["type"] == "http.response.body":
                if message.get("body"):
                    await chunks.put(bytes(message["body"]))
                if not message.get("more_body", False):
                    await chunks.put(_End())

        async def run() -> None:
            try:
                await self._app(scope, receive, send)
            except Exception as error:  # handed to whoever waits: the caller or the body's reader
                if head.done():
                    await chunks.put(error)
                else:
                    head.set_exception(error)
            else:
                if not head.done():
                    head.set_exception(RuntimeError("the app ended without starting a response"))

        app_task = asyncio.create_task(run())
        try:
            status, headers = await head
        except BaseException:
            app_task.cancel()
            raise
        return httpx.Response(status, headers=headers, stream=_ResponseBody(chunks, app_task, disconnected))
