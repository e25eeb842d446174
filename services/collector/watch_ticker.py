"""Watch ticks: each tick message runs one incremental scan and a judgement, records issues, schedules the next."""

from __future__ import annotations

import structlog

from libs.common.adapters.broker.event_publishing import emit
from libs.common.adapters.broker.port import Broker, PermanentFailure
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.envelope import Envelope, MalformedMessage
from libs.common.contracts.events import CheckIssueEvent, WatchTickEvent
from libs.common.contracts.records import ScanStatus, utc_now
from libs.common.contracts.watches import WATCH_TICK_QUEUE, CardSample, WatchRecord, WatchTick
from libs.common.documents.issue_history import note_sightings, save_sightings
from libs.common.documents.watch_judgement import judge_window
from libs.common.documents.watch_lifecycle import (
    TickResult,
    claim_tick,
    finish_tick,
    load_watch,
    resume_ticks,
)
from libs.common.documents.webhook_outbox import queue_deliveries
from libs.common.domain.watch_slo import slo
from services.collector.scan_context import ScanContext
from services.collector.watch_scan import scan_for_tick

log = structlog.get_logger(__name__)


class WatchTicker:
    """Consumes the tick queue; competing collectors share ticks, and each tick message is taken by one."""

    def __init__(self, ctx: ScanContext, concurrency: int = 8) -> None:
        """Keep the collector's settings and adapters (the checks read the registry); concurrency bounds ticks."""
        self._ctx, self._concurrency = ctx, concurrency

    @property
    def _store(self) -> ObjectStore:
        """The object store."""
        return self._ctx.store

    @property
    def _broker(self) -> Broker:
        """The broker."""
        return self._ctx.broker

    async def start(self) -> None:
        """Seed ticks again on a broker that forgot them, then consume the tick queue."""
        resumed = await resume_ticks(self._store, self._broker)
        if resumed:
            log.info("watch ticks resumed", watches=resumed)
        await self._broker.consume(WATCH_TICK_QUEUE, self.handle, prefetch=self._concurrency,
                                   max_tries=self._ctx.settings.job_max_tries, on_dead=self.on_dead)

    async def handle(self, message: Envelope) -> None:
        """Run one tick, unless it is a copy of a tick done or running elsewhere, or its watch is over."""
        try:
            tick = message.open(WatchTick)
        except MalformedMessage as exc:
            raise PermanentFailure(str(exc)) from exc
        watch = await claim_tick(self._store, tick, message.id)
        if watch is None:
            return
        scan = await scan_for_tick(self._store, self._broker, watch.camera_id,
                                   min(self._ctx.settings.watch_scan_wait_s, max(watch.every_s, 30.0)))
        reachable = scan.status is not ScanStatus.FAILED
        result, new_issues = TickResult(scan.scan_id, reachable, scan.error or ""), 0
        if reachable:
            result, new_issues = await self._judge(watch, scan.scan_id)
        await finish_tick(self._store, self._broker, watch, tick.seq, result)
        latest = await load_watch(self._store, watch.watch_id)
        log.info("watch ticked", watch_id=watch.watch_id, camera_id=watch.camera_id, tick=tick.seq,
                 reachable=reachable, new_issues=new_issues, recording_slo=latest.recording_slo)
        await emit(self._broker, WatchTickEvent(scan_id=scan.scan_id, camera_id=watch.camera_id,
                                                watch_id=watch.watch_id, ticks=latest.ticks, reachable=reachable,
                                                new_issues=new_issues, recording_slo=latest.recording_slo,
                                                status=latest.status))

    async def _judge(self, watch: WatchRecord, scan_id: str) -> tuple[TickResult, int]:
        """Judge the window, note the issues (new ones to the webhooks, then live); the tick's result."""
        now = utc_now()
        judgement = await judge_window(self._ctx, watch, now)
        if judgement is None:
            return TickResult(scan_id, True), 0
        sightings = await note_sightings(self._store, watch.camera_id, judgement.issues, now)
        new = sightings.new
        urls = list(dict.fromkeys(self._ctx.settings.webhook_url_list + watch.webhook_urls))
        if new and urls:
            await queue_deliveries(self._store, self._broker, urls, watch.camera_id, new)
        await save_sightings(self._store, watch.camera_id, sightings)
        for issue in new:
            await emit(self._broker, CheckIssueEvent(scan_id=scan_id, camera_id=watch.camera_id,
                                                     watch_id=watch.watch_id, issue=issue))
        card = CardSample(time=now, free_bytes=judgement.free_bytes, retention_days=judgement.retention_days)
        ratio = slo(judgement.scheduled_s, judgement.recorded_s)
        return TickResult(scan_id, True, card=card, recording_slo=ratio), len(new)

    async def on_dead(self, message: Envelope, reason: str) -> None:
        """A tick that failed for good: the same tick again after the watch's interval, so the watch goes on."""
        try:
            tick = message.open(WatchTick)
            watch = await load_watch(self._store, tick.watch_id)
        except (MalformedMessage, KeyError, ValueError):
            return
        log.error("watch tick failed, tried again later", watch_id=tick.watch_id, tick=tick.seq, reason=reason)
        if watch.status == "active":
            await self._broker.publish_delayed(WATCH_TICK_QUEUE, message, round(watch.every_s))
