"""The compose file wires RabbitMQ, MinIO and the four services with health checks (no Docker engine here)."""

from __future__ import annotations

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "docker-compose.yml"
SERVICES = {"gateway", "collector", "thumbnailer", "web"}


def load() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_every_service_and_dependency_is_declared_with_a_health_check() -> None:
    services = load()["services"]
    assert SERVICES | {"rabbitmq", "minio"} <= set(services)
    for name in SERVICES | {"rabbitmq", "minio"}:
        assert "healthcheck" in services[name], name


def test_services_start_only_after_broker_and_store_are_healthy() -> None:
    services = load()["services"]
    for name in SERVICES:
        depends = services[name]["depends_on"]
        for dependency in depends.values():
            assert dependency["condition"] == "service_healthy"
    assert {"rabbitmq", "minio"} <= set(services["collector"]["depends_on"])


def test_each_service_runs_its_own_module_in_distributed_mode() -> None:
    services = load()["services"]
    for name in SERVICES:
        assert services[name]["command"][-1] == f"services.{name}"
        assert services[name]["environment"]["SDB_MODE"] == "distributed"


def test_thumbnailers_can_be_scaled_because_they_publish_no_fixed_port_or_name() -> None:
    thumbnailer = load()["services"]["thumbnailer"]
    assert "ports" not in thumbnailer and "container_name" not in thumbnailer


def test_every_service_needs_an_api_token_and_keeps_its_data_on_a_named_volume() -> None:
    compose = load()
    for name in SERVICES:
        environment = compose["services"][name]["environment"]
        assert environment["SDB_API_TOKEN"].startswith("${SDB_API_TOKEN:?"), name  # compose refuses to start
        assert environment["SDB_ALLOWED_HOSTS"] and environment["SDB_DATA_DIR"] == "/data"
        assert "sdb-data:/data" in compose["services"][name]["volumes"], name
    assert "sdb-data" in compose["volumes"] and "minio-data" in compose["volumes"]  # the trust store is in MinIO
