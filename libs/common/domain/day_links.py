"""Deep links into the dashboard: a camera's day page opened at a time of that UTC day (`#t=HH:MM:SS`)."""

from __future__ import annotations

from datetime import datetime, time


def day_page_link(camera_id: str, date: str, at: time | datetime | None = None, base_url: str = "") -> str:
    """`{base_url}/{CAMERA}/{date}#t=HH:MM:SS` (no fragment without a time); the page selects the clip at that time."""
    link = f"{base_url.rstrip('/')}/{camera_id}/{date}"
    return link if at is None else f"{link}#t={at:%H:%M:%S}"
