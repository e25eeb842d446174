"""Turning httpx answers and failures into the client's own results and exceptions, at one boundary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from libs.client.errors import ApiError, ServerUnreachable, TransferInterrupted, UnexpectedAnswer

T = TypeVar("T")


def detail_of(answer: httpx.Response) -> str:
    """The error answer's {"detail": ...} sentence, else the start of its body, else the status phrase."""
    try:
        body = answer.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])
    text = answer.text.strip()
    return text[:300] if text else answer.reason_phrase


def check_status(answer: httpx.Response, accepted: tuple[int, ...] = (200,)) -> None:
    """ApiError unless the (already read) answer has one of the accepted statuses."""
    if answer.status_code not in accepted:
        raise ApiError(answer.status_code, detail_of(answer), answer.request.method,
                       answer.request.url.raw_path.decode("ascii"))


def parsed(adapter: TypeAdapter[T], answer: httpx.Response) -> T:
    """The answer's JSON as the documented model; UnexpectedAnswer when it is not that."""
    try:
        return adapter.validate_json(answer.content)
    except ValidationError as exc:
        where = f"{answer.request.method} {answer.request.url.path}"
        raise UnexpectedAnswer(f"{where} answered in an unexpected shape: {str(exc)[:300]}") from exc


def json_of(answer: httpx.Response) -> Any:
    """The answer's JSON value; UnexpectedAnswer when the body is not JSON."""
    try:
        return answer.json()
    except ValueError as exc:
        raise UnexpectedAnswer(f"{answer.request.url.path} did not answer JSON: {answer.text[:100]!r}") from exc


@contextmanager
def transport_errors(base_url: str, streaming: bool = False) -> Iterator[None]:
    """httpx's connection and protocol failures as ServerUnreachable (TransferInterrupted once a stream is open)."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise ServerUnreachable(f"{base_url} did not answer in time ({type(exc).__name__})") from exc
    except httpx.ConnectError as exc:
        raise ServerUnreachable(f"cannot connect to {base_url}: {str(exc) or type(exc).__name__}") from exc
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        if streaming:
            raise TransferInterrupted(f"the answer from {base_url} broke off: {reason}") from exc
        raise ServerUnreachable(f"no usable answer from {base_url}: {reason}") from exc
