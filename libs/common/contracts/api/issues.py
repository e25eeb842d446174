"""GET /api/v1/cameras/{id}/issues: an issue as the checks answer it, with its identity and sightings (API.md)."""

from __future__ import annotations

from datetime import datetime

from libs.common.contracts.api.checks import CheckIssue


class HistoryIssue(CheckIssue):
    """One issue a watch found: `issue_id` is stable (camera, check, start); when it was first and last seen."""

    issue_id: str
    first_seen: datetime
    last_seen: datetime
