"""The checks answer as JUnit XML (Ant/Jenkins schema: a testsuite per camera-day) and as CSV (a row per issue)."""

from __future__ import annotations

import json
from collections import Counter
from xml.etree import ElementTree

from libs.common.contracts.api.checks import CHECK_NAMES, CheckIssue, ChecksAnswer
from libs.common.domain.day_links import day_page_link
from services.gateway.csv_export import rows_csv

CSV_COLUMNS = ["check", "severity", "date", "start", "end", "clip_ids", "paths", "detail", "measured", "link"]


def day_link(camera_id: str, issue: CheckIssue) -> str:
    """The day page at the issue's time: /{camera}/{date}#t=HH:MM:SS."""
    return day_page_link(camera_id, issue.date, issue.start)


def _testcase(suite: ElementTree.Element, camera_id: str, issue: CheckIssue, name: str) -> None:
    """One issue: a failure holding the detail when it fails, its detail as output when it warns."""
    case = ElementTree.SubElement(suite, "testcase", classname=f"{camera_id}.{issue.date}.{issue.check}", name=name,
                                  time="0")
    text = "\n".join([issue.detail, f"clips: {' '.join(issue.paths) or '-'}",
                      f"measured: {json.dumps(issue.measured, sort_keys=True)}", day_link(camera_id, issue)])
    if issue.severity == "fail":
        failure = ElementTree.SubElement(case, "failure", type=issue.check,
                                         message=f"{issue.detail} ({day_link(camera_id, issue)})")
        failure.text = text
    else:
        ElementTree.SubElement(case, "system-out").text = f"warning: {text}"


def checks_junit(answer: ChecksAnswer) -> bytes:
    """One testsuite per day: a testcase per issue named by check and time, a passing one per check that found none."""
    camera_id = answer.camera_id
    root = ElementTree.Element("testsuites", name=f"recording checks {camera_id} {answer.from_}..{answer.to}")
    total = failures = 0
    for day in answer.days:
        issues = [issue for issue in answer.issues if issue.date == day.date]
        suite = ElementTree.SubElement(root, "testsuite", name=f"{camera_id} {day.date}", errors="0", skipped="0")
        properties = ElementTree.SubElement(suite, "properties")
        ElementTree.SubElement(properties, "property", name="verdict", value=day.verdict)
        ElementTree.SubElement(properties, "property", name="clips", value=str(day.clips))
        seen: Counter[str] = Counter()
        for issue in issues:
            name = f"{issue.check} {issue.start:%H:%M:%S}"
            seen[name] += 1
            _testcase(suite, camera_id, issue, name if seen[name] == 1 else f"{name} #{seen[name]}")
        found = {issue.check for issue in issues}
        for check in (name for name in CHECK_NAMES if name not in found):
            ElementTree.SubElement(suite, "testcase", classname=f"{camera_id}.{day.date}.{check}", name=check,
                                   time="0")
        tests, failed = len(issues) + len(CHECK_NAMES) - len(found), sum(i.severity == "fail" for i in issues)
        suite.set("tests", str(tests))
        suite.set("failures", str(failed))
        total, failures = total + tests, failures + failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))


def checks_csv(answer: ChecksAnswer) -> str:
    """One row per issue, measured values as JSON."""
    rows = [{**issue.model_dump(mode="json"), "measured": json.dumps(issue.measured, sort_keys=True),
             "link": day_link(answer.camera_id, issue)} for issue in answer.issues]
    return rows_csv(rows, CSV_COLUMNS)
