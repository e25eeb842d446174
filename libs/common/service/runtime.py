"""Start-up and shut-down shared by every service process: logging, waiting for adapters, signals."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable

import structlog

from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.adapters.factory import make_broker, make_store
from libs.common.adapters.store.port import ObjectStore, StoreUnavailable
from libs.common.contracts.settings import Settings
from libs.common.service.logging_setup import configure_logging

log = structlog.get_logger(__name__)


async def wait_for(what: str, attempt: Callable[[], Awaitable[None]], tries: int = 30, delay_s: float = 1.0) -> None:
    """Retry an async start-up step until it works or tries run out (broker or store still coming up)."""
    for number in range(1, tries + 1):
        try:
            await attempt()
            return
        except (BrokerUnavailable, StoreUnavailable, OSError) as exc:
            if number == tries:
                raise
            log.info("waiting for dependency", dependency=what, attempt=number, reason=str(exc))
            await asyncio.sleep(delay_s)


async def start_adapters(
    settings: Settings, service: str, *, worker: bool = False
) -> tuple[Broker, ObjectStore]:
    """Configure logging, then connect the broker and the store, waiting for each to come up.

    A worker's store waits out later S3 outages (see make_store); a request-serving service's does not.
    """
    configure_logging(settings.log_level, settings.log_json)
    structlog.contextvars.bind_contextvars(service=service)
    holder: list[ObjectStore] = []

    async def open_store() -> None:
        holder.append(await make_store(settings, wait_out_outages=worker))

    await wait_for("store", open_store)
    broker = make_broker(settings)
    await wait_for("broker", broker.start)
    return broker, holder[0]


async def run_until_stopped() -> None:
    """Block until the process gets SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
