"""Streamed downloads (range export): the answer's size and name, its chunks, and saving via FILE.part."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import httpx

from libs.client.errors import TransferInterrupted
from libs.client.transport import check_status, transport_errors

DOWNLOAD_TIMEOUT = httpx.Timeout(30.0, read=120.0)


def _filename(disposition: str | None) -> str | None:
    """The file name of a Content-Disposition header, if it gives one."""
    if not disposition:
        return None
    header = Message()
    header["content-disposition"] = disposition
    name = header.get_filename()
    return os.path.basename(name) if name else None


@dataclass
class Download:
    """An open streamed answer: its declared size (None when not given), file name and media type."""

    answer: httpx.Response
    base_url: str

    @property
    def total_bytes(self) -> int | None:
        """Content-Length, when the server gave one."""
        declared = self.answer.headers.get("content-length", "")
        return int(declared) if declared.isascii() and declared.isdigit() else None

    @property
    def filename(self) -> str | None:
        """The name the server suggests."""
        return _filename(self.answer.headers.get("content-disposition"))

    @property
    def media_type(self) -> str:
        """video/mp4, application/zip, ..."""
        return str(self.answer.headers.get("content-type", "application/octet-stream")).split(";")[0]

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives; TransferInterrupted if it breaks off or comes up short of Content-Length."""
        received = 0
        with transport_errors(self.base_url, streaming=True):
            async for chunk in self.answer.aiter_raw():
                received += len(chunk)
                yield chunk
        if self.total_bytes is not None and received != self.total_bytes:
            raise TransferInterrupted(f"got {received} of {self.total_bytes} bytes from {self.base_url}")

    async def save(self, target: Path, on_chunk: Callable[[int], None] | None = None) -> int:
        """Write the body to target via target.part, renamed only once complete; the .part is removed on failure."""
        partial = target.with_name(target.name + ".part")
        written = 0
        try:
            with partial.open("wb") as sink:
                async for chunk in self.chunks():
                    sink.write(chunk)
                    written += len(chunk)
                    if on_chunk is not None:
                        on_chunk(len(chunk))
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return written


@asynccontextmanager
async def open_download(http: httpx.AsyncClient, base_url: str, path: str,
                        params: Mapping[str, str | None], auth: Mapping[str, str]) -> AsyncIterator[Download]:
    """GET path as a stream; ApiError (with the server's detail) when it is refused before the body starts."""
    query = {key: value for key, value in params.items() if value is not None}
    with transport_errors(base_url):
        request = http.build_request("GET", path, params=query, headers=dict(auth), timeout=DOWNLOAD_TIMEOUT)
        answer = await http.send(request, stream=True)
    try:
        if answer.status_code != 200:
            with transport_errors(base_url):
                await answer.aread()
            check_status(answer)
        yield Download(answer, base_url)
    finally:
        await answer.aclose()
