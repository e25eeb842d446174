"""A watch's life, owned here alone: start (or change), tick bookkeeping, stop and end, each saved to the store.

    active ──(the tick at or after `until`)──▶ ended
      └────(DELETE /watches/{id})──────▶ stopped

Ticks are broker messages: the first is published when the watch starts, and each tick publishes the next
through the broker's delay queue (`publish_delayed`), so the broker times them and each is consumed once, by
whichever collector takes it. A tick message carries its number; `claim_tick` drops a copy of a tick already
done or being run by another message, so a duplicate chain (a crash between publishing the next tick and
saving this one) dies at its next tick. A broker that forgets (the in-process one) is seeded again from the
stored watches by `resume_ticks`.

Writers: the gateway (start, change, stop) and the collector that runs a tick (claim, finish, end). Every write
is conditional on the version read (`conditional_update.update_document`): a stop that lands while a tick saves is
kept, and of two copies of one tick that claim at once, one wins and the other is dropped.

Readers (small API, for the fleet page and metrics): `load_watch`, `list_watches`, `active_watch`, `watch_view`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.records import utc_now
from libs.common.contracts.watches import WATCH_TICK_QUEUE, CardSample, Incident, WatchRecord, WatchTick, WatchView
from libs.common.documents.conditional_update import update_document

log = structlog.get_logger(__name__)

MAX_BACKOFF_STEPS = 3  # an unreachable camera is tried every every_s * 2, 4, then 8


async def load_watch(store: ObjectStore, watch_id: str) -> WatchRecord:
    """The stored watch (ObjectMissing if there is none)."""
    return WatchRecord.model_validate(await get_json(store, keys.watch_doc(watch_id)))


async def _update(store: ObjectStore, watch_id: str,
                  change: Callable[[WatchRecord], WatchRecord | None]) -> WatchRecord | None:
    """Apply change to the stored watch, conditionally on the version read (private: only this module writes
    watches); the record stored, or None when change wrote nothing or there is no such watch."""
    return await update_document(store, keys.watch_doc(watch_id), WatchRecord,
                                 lambda current: change(current) if current is not None else None)


async def list_watches(store: ObjectStore) -> list[WatchRecord]:
    """Every stored watch, newest first."""
    found = []
    for key in await store.list(keys.WATCH_PREFIX):
        try:
            found.append(WatchRecord.model_validate(await get_json(store, key)))
        except (ObjectMissing, ValueError):
            continue
    return sorted(found, key=lambda record: record.started, reverse=True)


async def active_watch(store: ObjectStore, camera_id: str) -> WatchRecord | None:
    """The camera's watch that is still active (its window not yet over), if any."""
    now = utc_now()
    for record in await list_watches(store):
        if record.camera_id == camera_id and _status(record, now) == "active":
            return record
    return None


def _status(record: WatchRecord, now: datetime) -> str:
    """The status as of now: an active watch whose `until` passed is ended, even before its last tick says so."""
    if record.status == "active" and record.until is not None and record.until <= now:
        return "ended"
    return record.status


def watch_view(record: WatchRecord, now: datetime | None = None) -> WatchView:
    """The API shape of a watch."""
    status = _status(record, now or utc_now())
    return WatchView.model_validate(record.model_dump() | {
        "status": status, "ended": record.ended or (record.until if status == "ended" else None),
        "next_tick": record.next_tick if status == "active" else None})


async def start_watch(store: ObjectStore, broker: Broker, camera_id: str, every_s: float, until: datetime | None,
                      webhook_urls: list[str]) -> tuple[WatchRecord, bool]:
    """Start a watch (its first tick now), or change the camera's active one; (record, True if new).

    BrokerUnavailable when the first tick cannot be queued: the new watch is then removed, nothing changed.
    """
    current = await active_watch(store, camera_id)
    if current is not None:
        changes = {"every_s": every_s, "until": until, "webhook_urls": webhook_urls}
        changed = await _update(store, current.watch_id, lambda record: record.model_copy(update=changes)
                                if record.status == "active" else None)
        if changed is not None:
            return changed, False
    now = utc_now()
    record = WatchRecord(watch_id=uuid.uuid4().hex, camera_id=camera_id, every_s=every_s, until=until,
                         started=now, next_tick=now, webhook_urls=webhook_urls)
    await update_document(store, keys.watch_doc(record.watch_id), WatchRecord,
                          lambda stored: record if stored is None else None)
    try:
        await broker.publish(WATCH_TICK_QUEUE, Envelope.wrap(WatchTick(watch_id=record.watch_id, seq=1)))
    except BrokerUnavailable:
        await store.delete(keys.watch_doc(record.watch_id))
        raise
    log.info("watch started", watch_id=record.watch_id, camera_id=camera_id, every_s=every_s, until=until)
    return record, True


async def stop_watch(store: ObjectStore, watch_id: str) -> WatchRecord:
    """active → stopped (an ended or stopped watch stays as it is); its next tick finds it stopped and ends."""
    now = utc_now()
    stopped = await _update(store, watch_id, lambda record: record.model_copy(update={
        "status": "stopped", "ended": now, "next_tick": None}) if _status(record, now) == "active" else None)
    if stopped is None:
        return await load_watch(store, watch_id)
    log.info("watch stopped", watch_id=watch_id, camera_id=stopped.camera_id)
    return stopped


def _claimed(record: WatchRecord, tick: WatchTick, message_id: str) -> WatchRecord | None:
    """The record claimed for this message, or None: not active, a tick already done, or one another message
    claimed (a copy). The same message again (a redelivery) keeps its claim."""
    if record.status != "active" or tick.seq <= record.ticks:
        return None
    if record.claim is not None and record.claim[0] == tick.seq and record.claim[1] != message_id:
        return None
    return record.model_copy(update={"claim": (tick.seq, message_id)})


async def claim_tick(store: ObjectStore, tick: WatchTick, message_id: str) -> WatchRecord | None:
    """The watch to tick now, claimed for this message; None when there is nothing to do: the watch is gone or
    not active, or this message copies a tick done, or being run by another message. A tick at or after `until`
    is the last one: finish_tick ends the watch."""
    return await _update(store, tick.watch_id, lambda record: _claimed(record, tick, message_id))


@dataclass(frozen=True)
class TickResult:
    """What one tick learned: the scan it ran or joined, whether the camera answered, the card's figures."""

    scan_id: str | None
    reachable: bool
    error: str = ""
    card: CardSample | None = None
    recording_slo: float | None = None


def next_delay_s(record: WatchRecord, now: datetime) -> float:
    """Whole seconds to the next tick (one holding queue per value): every_s, doubled per unreachable tick in a row
    (up to 8x), not past `until`."""
    delay = max(1.0, float(round(record.every_s * 2 ** min(record.failed_in_a_row, MAX_BACKOFF_STEPS))))
    if record.until is not None:
        delay = min(delay, float(max(0, round((record.until - now).total_seconds()))))
    return delay


def _with_result(record: WatchRecord, seq: int, result: TickResult, now: datetime) -> WatchRecord:
    """The record after tick seq: counted, incidents opened or closed, backoff and card samples updated."""
    incidents = [incident.model_copy() for incident in record.unreachable]
    open_incident = incidents[-1] if incidents and incidents[-1].end is None else None
    if not result.reachable and open_incident is None:
        incidents.append(Incident(start=now, error=result.error[:500]))
    elif result.reachable and open_incident is not None:
        open_incident.end = now
    changes = {"ticks": seq, "last_tick": now, "claim": None, "unreachable": incidents,
               "last_scan_id": result.scan_id or record.last_scan_id,
               "failed_in_a_row": 0 if result.reachable else record.failed_in_a_row + 1}
    if result.recording_slo is not None:
        changes["recording_slo"] = result.recording_slo
    if result.card is not None:
        changes |= {"card_first": record.card_first or result.card, "card_last": result.card}
    return record.model_copy(update=changes)


async def finish_tick(store: ObjectStore, broker: Broker, record: WatchRecord, seq: int, result: TickResult) -> None:
    """Publish the next tick through the broker's delay queue (or end the watch when `until` passed), then save
    this one as done, on the latest version (a stop saved meanwhile is kept; its next tick is then dropped).

    In that order: a crash between the two leaves a redelivered tick that runs again (and a copy of the next one
    that claim_tick drops), never a watch without a next tick.
    """
    now = utc_now()
    ends = record.until is not None and record.until <= now
    next_tick: datetime | None = None
    if not ends:
        delay = next_delay_s(_with_result(record, seq, result, now), now)
        next_tick = now + timedelta(seconds=delay)
        await broker.publish_delayed(WATCH_TICK_QUEUE,
                                     Envelope.wrap(WatchTick(watch_id=record.watch_id, seq=seq + 1)), delay)

    def done(latest: WatchRecord) -> WatchRecord:
        updated = _with_result(latest, seq, result, now)
        if latest.status != "active":
            return updated.model_copy(update={"next_tick": None})
        if ends:
            return updated.model_copy(update={"status": "ended", "ended": now, "next_tick": None})
        return updated.model_copy(update={"next_tick": next_tick})

    saved = await _update(store, record.watch_id, done)
    if ends and saved is not None and saved.status == "ended":
        log.info("watch ended", watch_id=record.watch_id, camera_id=record.camera_id, ticks=seq)


async def resume_ticks(store: ObjectStore, broker: Broker) -> int:
    """Seed the next tick of every active watch on a broker that is not durable (it forgot them, and the process
    that claimed a tick is gone with it); how many."""
    if broker.durable:
        return 0
    now, resumed = utc_now(), 0
    for listed in await list_watches(store):
        record: WatchRecord | None = listed
        if listed.status != "active":
            continue
        if listed.claim is not None:
            record = await _update(store, listed.watch_id, lambda stored: stored.model_copy(update={"claim": None}))
        if record is None:
            continue
        due = record.next_tick or now
        await broker.publish_delayed(WATCH_TICK_QUEUE, Envelope.wrap(WatchTick(watch_id=record.watch_id,
                                                                               seq=record.ticks + 1)),
                                     max(0.0, (due - now).total_seconds()))
        resumed += 1
    return resumed
