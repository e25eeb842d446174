"""deploy/ holds a scrape config and a Grafana dashboard that name only series /metrics serves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from services.gateway.metrics.fleet_collector import FleetCollector, ScrapeData

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SUFFIXES = ("_total", "_bucket", "_count", "_sum")


def served_families() -> set[str]:
    """The family names the collector yields (with no camera they still have their names)."""
    return {family.name for family in FleetCollector(ScrapeData([], [], {}, {}, 0), 0.0).collect()}


def family_of(series: str) -> str:
    """A series name without the suffix its family type adds."""
    return next((series[: -len(suffix)] for suffix in SUFFIXES if series.endswith(suffix)), series)


def test_the_scrape_config_scrapes_metrics_with_the_api_token_as_bearer() -> None:
    job = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())["scrape_configs"][0]
    assert job["metrics_path"] == "/metrics"
    assert job["authorization"]["type"] == "Bearer"
    assert job["static_configs"][0]["targets"]


def test_every_dashboard_query_names_a_served_family() -> None:
    dashboard = json.loads((DEPLOY / "grafana-fleet-dashboard.json").read_text())
    exprs = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    named = {family_of(name) for expr in exprs for name in re.findall(r"\bsdb_[a-z_]+", expr)}
    assert named, "the dashboard queries our series"
    assert named <= served_families(), named - served_families()
    assert served_families() <= named, f"series without a panel: {served_families() - named}"
