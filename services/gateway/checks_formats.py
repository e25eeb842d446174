"""The checks answer as CSV (a row per issue, with its day-page link); JUnit comes from the shared renderer."""

from __future__ import annotations

import json

from libs.common.contracts.api.checks import ChecksAnswer
from libs.common.domain.checks.junit_report import issue_link
from services.gateway.csv_export import rows_csv

CSV_COLUMNS = ["check", "severity", "date", "start", "end", "clips", "clip_ids", "paths", "detail", "measured", "link"]


def checks_csv(answer: ChecksAnswer) -> str:
    """One row per issue (a run of clips is one row: `clips` counts them), measured values as JSON."""
    rows = [{**issue.model_dump(mode="json"), "clips": issue.measured.get("clips", len(issue.clip_ids)),
             "measured": json.dumps(issue.measured, sort_keys=True),
             "link": issue_link(answer.camera_id, issue)} for issue in answer.issues]
    return rows_csv(rows, CSV_COLUMNS)
