"""The checks answer for people: a line per issue with its deep link, and the verdict line."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from libs.common.domain.day_links import day_page_link


def issue_link(base_url: str, camera_id: str, issue: dict[str, Any]) -> str:
    """The day page at the issue's start: {url}/{CAMERA}/{date}#t=HH:MM:SS (UTC)."""
    start = datetime.fromisoformat(str(issue["start"]))
    return day_page_link(camera_id, str(issue.get("date") or start.date().isoformat()), start, base_url)


def with_links(answer: dict[str, Any], base_url: str) -> dict[str, Any]:
    """The answer as the API gives it, each issue with a `link` added."""
    camera_id = str(answer["camera_id"])
    issues = [{**issue, "link": issue_link(base_url, camera_id, issue)} for issue in answer.get("issues", [])]
    return {**answer, "issues": issues}


def issue_line(issue: dict[str, Any]) -> str:
    """'FAIL gap 2026-11-20T02:20:00Z 10 min 0 s without recording … http://…/CAM/2026-11-20#t=02:20:00'."""
    severity = str(issue["severity"]).upper()
    return f"{severity:<4} {issue['check']:<17} {issue['start']}  {issue['detail']}  {issue['link']}"


def verdict_line(answer: dict[str, Any]) -> str:
    """'CAM01 2026-11-20..2026-11-20: fail (3 issues in 235 clips)', then '; 2026-12-06 judged until 20:41:07Z'
    for each day judged only in part (today: the camera's clock, the clip being written)."""
    summary = answer.get("summary", {})
    return (f"{answer['camera_id']} {answer['from']}..{answer['to']}: {answer['verdict']} "
            f"({summary.get('issues', len(answer.get('issues', [])))} issues in {summary.get('clips', '?')} clips)"
            + "".join(f"; {day} judged until {until}" for day, until in _judged_in_part(answer)))


def _judged_in_part(answer: dict[str, Any]) -> list[tuple[str, str]]:
    """(date, 'HH:MM:SSZ') of the answer's days whose judged part ends before the day does."""
    parts: list[tuple[str, str]] = []
    for day in answer.get("days", []):
        if not day.get("judged_until"):
            continue
        until = datetime.fromisoformat(str(day["judged_until"]))
        day_end = datetime.combine(date.fromisoformat(str(day["date"])) + timedelta(days=1), datetime.min.time(),
                                   tzinfo=until.tzinfo)
        if until < day_end:
            parts.append((str(day["date"]), until.strftime("%H:%M:%SZ")))
    return parts
