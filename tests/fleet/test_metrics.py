"""GET /metrics scraped from a running system and read with prometheus_client's own parser."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from services.embedded.system import EmbeddedSystem
from tests.embedded_system import EmbeddedFactory
from tools.local_servers.asgi_server import served_client

CAMERA_FAMILIES = {
    "sdb_camera_last_successful_scan_age_seconds": {"camera"},
    "sdb_camera_recorded_ratio_today": {"camera"},
    "sdb_camera_gap_seconds_today": {"camera"},
    "sdb_camera_clock_offset_seconds": {"camera"},
    "sdb_camera_uptime_seconds": {"camera"},
    "sdb_camera_card_free_bytes": {"camera"},
    "sdb_camera_retention_days": {"camera"},
    "sdb_camera_open_issues": {"camera", "check", "severity"},
    "sdb_camera_state": {"camera", "state"},
    "sdb_camera_verdict_today": {"camera", "verdict"},
}
SERVICE_FAMILIES = {
    "sdb_scans": ("counter", {"result"}),
    "sdb_scan_duration_seconds": ("histogram", {"le"}),
    "sdb_clips_read": ("counter", set()),
    "sdb_camera_read_bytes": ("counter", set()),
    "sdb_job_queue_depth": ("gauge", {"queue"}),
    "sdb_job_queue_consumers": ("gauge", {"queue"}),
    "sdb_job_queue_dead_letters": ("gauge", {"queue"}),
}


async def scrape(web: httpx.AsyncClient, **params: str) -> dict[str, list[Sample]]:
    """The samples of each family of one scrape, by family name."""
    answer = await web.get("/metrics", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {family.name: family.samples for family in text_string_to_metric_families(answer.text)}


def by_camera(samples: list[Sample], name: str) -> dict[str, float]:
    """One value per camera of a per-camera gauge."""
    return {sample.labels["camera"]: sample.value for sample in samples if sample.name == name}


async def test_every_named_series_is_scraped_with_its_labels(fleet_web: httpx.AsyncClient) -> None:
    families = await scrape(fleet_web)
    for name, labels in CAMERA_FAMILIES.items():
        assert families.get(name), f"{name} has no sample"
        assert all(set(sample.labels) == labels for sample in families[name]), name
    for name, (_, labels) in SERVICE_FAMILIES.items():
        assert families.get(name), f"{name} has no sample"
        assert all(set(sample.labels) <= labels for sample in families[name]), name
    states = {(s.labels["camera"], s.labels["state"]) for s in families["sdb_camera_state"] if s.value == 1}
    assert states == {("CAM01", "idle"), ("DOWN02", "unreachable")}
    assert set(by_camera(families["sdb_camera_last_successful_scan_age_seconds"],
                         "sdb_camera_last_successful_scan_age_seconds")) == {"CAM01"}
    assert 0 <= by_camera(families["sdb_camera_recorded_ratio_today"], "sdb_camera_recorded_ratio_today")["CAM01"] <= 1
    assert {s.labels["camera"] for s in families["sdb_camera_open_issues"]} == {"CAM01"}
    assert any(s.labels["check"] == "gap" for s in families["sdb_camera_open_issues"])


async def test_the_service_series_count_each_ended_scan_once(fleet_web: httpx.AsyncClient,
                                                             fleet_system: EmbeddedSystem) -> None:
    families = await scrape(fleet_web)
    scans = {s.labels["result"]: s.value for s in families["sdb_scans"] if s.name == "sdb_scans_total"}
    assert scans == {"completed": 1.0, "failed": 1.0}
    count = next(s.value for s in families["sdb_scan_duration_seconds"] if s.name == "sdb_scan_duration_seconds_count")
    infinite = next(s.value for s in families["sdb_scan_duration_seconds"]
                    if s.name == "sdb_scan_duration_seconds_bucket" and s.labels["le"] == "+Inf")
    assert count == infinite == 2.0
    clips = next(s.value for s in families["sdb_clips_read"] if s.name == "sdb_clips_read_total")
    assert clips > 0
    queues = {s.labels["queue"] for s in families["sdb_job_queue_depth"]}
    assert "sdb.scan.requests" in queues


async def test_a_camera_filter_keeps_the_service_series_whole(fleet_web: httpx.AsyncClient) -> None:
    families = await scrape(fleet_web, camera="down02")
    assert {s.labels["camera"] for s in families["sdb_camera_state"]} == {"DOWN02"}
    scans = {s.labels["result"]: s.value for s in families["sdb_scans"] if s.name == "sdb_scans_total"}
    assert scans == {"completed": 1.0, "failed": 1.0}


async def test_bad_metrics_input_gets_a_json_4xx(fleet_system: EmbeddedSystem) -> None:
    transport = httpx.ASGITransport(app=fleet_system.gateway_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as gateway:
        bad_id = await gateway.get("/metrics", params={"camera": "no such/camera"})
        assert bad_id.status_code == 400 and "invalid camera id" in bad_id.json()["detail"]
        posted = await gateway.post("/metrics")
        assert posted.status_code == 405 and posted.json()["detail"]


async def test_where_a_token_is_set_metrics_takes_it_as_a_bearer_token(make_embedded: EmbeddedFactory) -> None:
    async with make_embedded([], api_token="fleet-scrape-token") as system, served_client(system.web_app) as web:
        refused = await web.get("/metrics")
        assert refused.status_code == 401 and "API token" in refused.json()["detail"]
        wrong = await web.get("/metrics", headers={"Authorization": "Bearer not-it"})
        assert wrong.status_code == 401
        in_query = await web.get("/metrics", params={"token": "fleet-scrape-token"})
        assert in_query.status_code == 401, "the token stays out of scrape URLs (and their logs)"
        scraped = await web.get("/metrics", headers={"Authorization": "Bearer fleet-scrape-token"})
        assert scraped.status_code == 200
        assert "sdb_scans_total" in {sample.name for family in text_string_to_metric_families(scraped.text)
                                     for sample in family.samples}
