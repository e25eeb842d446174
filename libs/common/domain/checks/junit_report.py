"""The checks answer as JUnit XML that CI keeps history for: a testsuite per camera-day, a testcase per check.

One renderer for the API (relative links) and for `sdb check` (links made absolute from the same answer).
"""

from __future__ import annotations

from xml.etree import ElementTree

from libs.common.contracts.api.checks import CHECK_NAMES, CheckIssue, ChecksAnswer
from libs.common.domain.checks.issues import DASH
from libs.common.domain.day_links import day_page_link


def issue_link(camera_id: str, issue: CheckIssue, base_url: str = "") -> str:
    """The day page at the issue's start: {base_url}/{CAMERA}/{date}#t=HH:MM:SS (UTC)."""
    return day_page_link(camera_id, issue.date, issue.start, base_url)


def issue_report_line(camera_id: str, issue: CheckIssue, base_url: str = "") -> str:
    """'fail 02:20:00-02:30:00 10 min 0 s without recording … /CAM01/2026-11-20#t=02:20:00' (an en dash)."""
    return (f"{issue.severity} {issue.start:%H:%M:%S}{DASH}{issue.end:%H:%M:%S} {issue.detail} "
            f"{issue_link(camera_id, issue, base_url)}")


def _plural(count: int, word: str) -> str:
    """'1 issue', '3 issues'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _testcase(suite: ElementTree.Element, answer: ChecksAnswer, check: str, issues: list[CheckIssue],
              base_url: str) -> bool:
    """One check of one day: a failure listing its failing issues, its warnings as output; True if it failed."""
    camera_id = answer.camera_id
    case = ElementTree.SubElement(suite, "testcase", classname=f"sdb.{camera_id}", name=check, time="0")
    failing = [found for found in issues if found.severity == "fail"]
    warnings = [found for found in issues if found.severity != "fail"]
    if failing:
        failure = ElementTree.SubElement(case, "failure", type=check,
                                         message=f"{_plural(len(failing), 'issue')} failed the {check} check")
        failure.text = "\n".join(issue_report_line(camera_id, found, base_url) for found in failing)
    if warnings:
        ElementTree.SubElement(case, "system-out").text = "\n".join(
            issue_report_line(camera_id, found, base_url) for found in warnings)
    return bool(failing)


def checks_junit(answer: ChecksAnswer, base_url: str = "") -> bytes:
    """Every check of every day as a testcase with stable names; checks a newer server knows are kept after ours."""
    root = ElementTree.Element("testsuites", name=f"recording checks {answer.camera_id} {answer.from_}..{answer.to}")
    total = failures = 0
    for day in answer.days:
        issues = [found for found in answer.issues if found.date == day.date]
        names = [*CHECK_NAMES, *sorted({found.check for found in issues} - set(CHECK_NAMES))]
        suite = ElementTree.SubElement(root, "testsuite", name=f"{answer.camera_id} {day.date}", errors="0",
                                       skipped="0", time="0")
        properties = ElementTree.SubElement(suite, "properties")
        ElementTree.SubElement(properties, "property", name="verdict", value=day.verdict)
        ElementTree.SubElement(properties, "property", name="clips", value=str(day.clips))
        ElementTree.SubElement(properties, "property", name="day_page",
                               value=day_page_link(answer.camera_id, day.date, None, base_url))
        failed = sum(_testcase(suite, answer, name, [found for found in issues if found.check == name], base_url)
                     for name in names)
        suite.set("tests", str(len(names)))
        suite.set("failures", str(failed))
        total, failures = total + len(names), failures + failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))
