"""What the thumbnailer and its image worker processes say to each other: length-prefixed pickles over pipes."""

from __future__ import annotations

import asyncio
import pickle
import struct
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image

from services.thumbnailer.image_maker import ClipImages

_LENGTH = struct.Struct(">Q")


@dataclass(frozen=True)
class ImageRequest:
    """One job's images: the keyframe pack, which images, and the first keyframe's small picture if known."""

    codec: str
    pack: bytes
    animation: bool
    still: bool
    first: Image.Image | None = None


@dataclass(frozen=True)
class ImageAnswer:
    """The images, or why the keyframes cannot make them (a permanent failure of the job)."""

    images: ClipImages | None = None
    refused: str | None = None


def framed(message: ImageRequest | ImageAnswer) -> bytes:
    """The message as bytes with its length in front."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(body)) + body


def read_request(stream: BinaryIO) -> ImageRequest | None:
    """The next request from a blocking stream, or None at its end (the thumbnailer closed the pipe or died)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    body = stream.read(_LENGTH.unpack(head)[0])
    request = pickle.loads(body)  # noqa: S301 - from the thumbnailer that started this process
    assert isinstance(request, ImageRequest)
    return request


async def read_answer(stream: asyncio.StreamReader) -> ImageAnswer:
    """The next answer from a worker process; asyncio.IncompleteReadError if the process ended first."""
    (length,) = _LENGTH.unpack(await stream.readexactly(_LENGTH.size))
    answer = pickle.loads(await stream.readexactly(length))  # noqa: S301 - from our own worker process
    assert isinstance(answer, ImageAnswer)
    return answer
