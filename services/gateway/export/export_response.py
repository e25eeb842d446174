"""The streamed answer of an export, which closes the export's clips on the camera however the answer ends."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable
from typing import Any

from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from services.gateway.export.export_clips import ExportClips


class ExportResponse(StreamingResponse):
    """A StreamingResponse that closes `clips` and gives its export slot back when it ends: sent in full, cut off,
    or never started (the client left before the body)."""

    def __init__(self, content: AsyncIterable[bytes], clips: ExportClips, release: Callable[[], None],
                 **options: Any) -> None:
        """Stream `content`; `options` as for StreamingResponse (media_type, headers)."""
        super().__init__(content, **options)
        self._clips = clips
        self._release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the answer, then close the clips."""
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._clips.close_all()
            self._release()
