"""Prometheus metrics of the fleet and the services, computed at scrape time from what is stored."""
