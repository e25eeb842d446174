"""The Prometheus families of one scrape, built from what is stored (camera rows, scan totals) and the broker's
queue counts, so every process's work adds up however many collectors and thumbnailers run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from libs.common.adapters.broker.port import QueueStats
from libs.common.contracts.api.checks import Verdict
from libs.common.contracts.api.fleet import CameraState, FleetRow
from libs.common.documents.scan_tally import DURATION_BUCKETS_S, ScanTally
from services.gateway.fleet.camera_row import CameraSnapshot

CAMERA_STATES: tuple[CameraState, ...] = ("watching", "idle", "unreachable", "untrusted_key")
WATCH_STATES = ("active", "ended", "stopped")
WEBHOOK_RESULTS = ("delivered", "failed", "given_up")
VERDICTS: tuple[Verdict, ...] = ("pass", "warn", "fail")


@dataclass(frozen=True)
class ScrapeData:
    """What one scrape reports: the cameras shown, every camera's scan totals, each work queue's counts (none when
    the broker is down), webhook deliveries by result over every process and those still owed."""

    cameras: list[CameraSnapshot]
    tallies: list[ScanTally]
    queues: dict[str, QueueStats]
    webhooks: dict[str, int]
    webhooks_pending: int


def _camera_gauge(name: str, doc: str, rows: list[FleetRow], value: str) -> GaugeMetricFamily:
    """A per-camera gauge of one row field; cameras where it is unknown have no sample."""
    family = GaugeMetricFamily(name, doc, labels=["camera"])
    for row in rows:
        figure = getattr(row, value)
        if figure is not None:
            family.add_metric([row.camera_id], float(figure))
    return family


def watch_families(cameras: list[CameraSnapshot]) -> Iterator[Metric]:
    """Per camera: its latest watch's status, and the window's recording SLO while it is active."""
    state = GaugeMetricFamily("sdb_camera_watch_state", "1 for the status of the camera's latest watch, 0 for the "
                              "others (no sample for a camera never watched)", labels=["camera", "state"])
    for snapshot in cameras:
        if snapshot.watch_status is not None:
            for name in WATCH_STATES:
                state.add_metric([snapshot.row.camera_id, name], float(snapshot.watch_status == name))
    yield state
    yield _camera_gauge("sdb_camera_watch_recording_slo", "Seconds recorded over seconds scheduled in the active "
                        "watch's window so far", [snapshot.row for snapshot in cameras], "slo")


def webhook_families(counts: dict[str, int], pending: int) -> Iterator[Metric]:
    """Per service: webhook deliveries by result (summed over processes) and those still owed."""
    deliveries = CounterMetricFamily("sdb_webhook_deliveries", "Webhook POSTs by result: delivered (2xx), failed "
                                     "(tried again later) or given_up", labels=["result"])
    for result in WEBHOOK_RESULTS:
        deliveries.add_metric([result], counts.get(result, 0))
    yield deliveries
    yield GaugeMetricFamily("sdb_webhook_deliveries_pending", "Deliveries stored and not yet confirmed",
                            value=pending)


def camera_families(rows: list[FleetRow], age_of_success: dict[str, float]) -> Iterator[Metric]:
    """Per camera: last success age, today's recording and issues, card, state and verdict."""
    age = GaugeMetricFamily("sdb_camera_last_successful_scan_age_seconds",
                            "Seconds since the camera's last completed scan ended", labels=["camera"])
    for camera_id, seconds in age_of_success.items():
        age.add_metric([camera_id], seconds)
    yield age
    yield _camera_gauge("sdb_camera_recorded_ratio_today", "Seconds recorded over seconds due today, up to the "
                        "card's last listing", rows, "recorded_ratio_today")
    yield _camera_gauge("sdb_camera_gap_seconds_today", "Seconds due today without a clip, up to the card's last "
                        "listing", rows, "gap_s_today")
    yield _camera_gauge("sdb_camera_clock_offset_seconds", "Camera clock minus this service's clock at the last scan "
                        "that read it", rows, "clock_offset_s")
    yield _camera_gauge("sdb_camera_uptime_seconds", "Seconds the camera had been up at the last scan that read its "
                        "clock", rows, "uptime_s")
    yield _camera_gauge("sdb_camera_card_free_bytes", "Bytes free on the card at the last scan", rows, "free_bytes")
    yield _camera_gauge("sdb_camera_retention_days", "Estimated days of recordings the card holds", rows,
                        "retention_days")
    issues = GaugeMetricFamily("sdb_camera_open_issues", "Today's issues per check and severity",
                               labels=["camera", "check", "severity"])
    for row in rows:
        for count in row.issue_counts:
            issues.add_metric([row.camera_id, count.check, count.severity], count.count)
    yield issues
    state = GaugeMetricFamily("sdb_camera_state", "1 for the camera's state, 0 for the others",
                              labels=["camera", "state"])
    verdict = GaugeMetricFamily("sdb_camera_verdict_today", "1 for today's verdict, 0 for the others (no sample "
                                "without clips today)", labels=["camera", "verdict"])
    for row in rows:
        for name in CAMERA_STATES:
            state.add_metric([row.camera_id, name], float(row.state == name))
        if row.verdict_today is not None:
            for judged in VERDICTS:
                verdict.add_metric([row.camera_id, judged], float(row.verdict_today == judged))
    yield state
    yield verdict


def scan_families(tallies: list[ScanTally]) -> Iterator[Metric]:
    """Per service: scans by result, their durations, clips and bytes read from cameras."""
    results: dict[str, int] = {}
    for tally in tallies:
        for result, count in tally.results.items():
            results[result] = results.get(result, 0) + count
    scans = CounterMetricFamily("sdb_scans", "Scans ended, by result", labels=["result"])
    for result in ("completed", "failed"):
        scans.add_metric([result], results.get(result, 0))
    yield scans
    buckets, cumulative = [], 0
    for index, bound in enumerate(DURATION_BUCKETS_S):
        cumulative += sum(tally.duration_buckets[index] for tally in tallies)
        buckets.append((f"{bound:g}", float(cumulative)))
    count = sum(tally.duration_count for tally in tallies)
    buckets.append(("+Inf", float(count)))
    yield HistogramMetricFamily("sdb_scan_duration_seconds", "How long ended scans ran, from start to end",
                                buckets=buckets, sum_value=sum(tally.duration_sum_s for tally in tallies))
    yield CounterMetricFamily("sdb_clips_read", "Clips read from cameras (not from the facts cache)",
                              value=sum(tally.clips_read for tally in tallies))
    yield CounterMetricFamily("sdb_camera_read_bytes", "Bytes read from cameras by scans (facts and keyframes)",
                              value=sum(tally.bytes_read for tally in tallies))


def queue_families(queues: dict[str, QueueStats]) -> Iterator[Metric]:
    """Per work queue: messages waiting, consumers, dead letters (as the broker counts them over all processes)."""
    waiting = GaugeMetricFamily("sdb_job_queue_depth", "Messages waiting on a work queue", labels=["queue"])
    consumers = GaugeMetricFamily("sdb_job_queue_consumers", "Consumers attached to a work queue", labels=["queue"])
    dead = GaugeMetricFamily("sdb_job_queue_dead_letters", "Messages a work queue gave up on", labels=["queue"])
    for queue, stats in sorted(queues.items()):
        waiting.add_metric([queue], stats.messages)
        consumers.add_metric([queue], stats.consumers)
        dead.add_metric([queue], stats.dead_letters)
    yield from (waiting, consumers, dead)


class FleetCollector(Collector):
    """A collector over one scrape's data (registered in a registry of its own per scrape)."""

    def __init__(self, data: ScrapeData, now_ts: float) -> None:
        """Report `data`; ages are measured to the Unix time `now_ts`."""
        self._data, self._now_ts = data, now_ts

    def collect(self) -> Iterator[Metric]:
        """Every family, cameras first."""
        rows = [snapshot.row for snapshot in self._data.cameras]
        ages = {snapshot.row.camera_id: round(self._now_ts - snapshot.tally.last_success.timestamp(), 3)
                for snapshot in self._data.cameras if snapshot.tally.last_success is not None}
        yield from camera_families(rows, ages)
        yield from watch_families(self._data.cameras)
        yield from scan_families(self._data.tallies)
        yield from queue_families(self._data.queues)
        yield from webhook_families(self._data.webhooks, self._data.webhooks_pending)
