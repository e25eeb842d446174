"""The soak report as JUnit XML: one testsuite per camera, the watch's own testcases, then one per check.

One renderer for the API and for `sdb watch --junit`, which writes the file from the JSON report it exits by.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree

from libs.common.contracts.api.checks import CHECK_NAMES
from libs.common.contracts.api.watch_report import WatchReport
from libs.common.domain.checks.junit_report import issue_report_line

WATCH_CASES = ("recording_slo", "unreachable", "reboots", "clock")


def _case(suite: ElementTree.Element, camera_id: str, name: str, failing: list[str], output: list[str]) -> bool:
    """One testcase: a failure listing `failing` lines (if any), `output` lines as system-out; True if it failed."""
    case = ElementTree.SubElement(suite, "testcase", classname=f"sdb.{camera_id}.watch", name=name, time="0")
    if failing:
        failure = ElementTree.SubElement(case, "failure", type=name,
                                         message=f"{len(failing)} finding{'' if len(failing) == 1 else 's'}: {name}")
        failure.text = "\n".join(failing)
    if output:
        ElementTree.SubElement(case, "system-out").text = "\n".join(output)
    return bool(failing)


def _watch_lines(report: WatchReport) -> dict[str, tuple[list[str], list[str]]]:
    """(failing lines, output lines) of the watch's own testcases."""
    failing_gaps = [issue_report_line(report.camera_id, issue) for issue in report.issues
                    if issue.check == "gap" and issue.severity == "fail"]
    slo_line = (f"recorded {report.recorded_s:.0f} s of {report.scheduled_s:.0f} s scheduled: "
                f"recording_slo={report.recording_slo}")
    return {
        "recording_slo": (failing_gaps, [slo_line]),
        "unreachable": ([], [f"unreachable {incident.start.isoformat()} to "
                             f"{incident.end.isoformat() if incident.end else 'now'}"
                             for incident in report.unreachable]),
        "reboots": ([], [f"reboot {moment.isoformat()}" for moment in report.reboots]),
        "clock": ([], [f"clock {json.dumps(report.clock.model_dump(), sort_keys=True)}"]),
    }


def report_junit(report: WatchReport) -> bytes:
    """One testsuite for the watch's camera: the watch's own testcases, then one per check, always present."""
    camera_id = report.camera_id
    root = ElementTree.Element("testsuites", name=f"sdb watch {report.watch_id}")
    suite = ElementTree.SubElement(root, "testsuite", name=f"sdb.{camera_id}", errors="0", skipped="0", time="0")
    properties = ElementTree.SubElement(suite, "properties")
    for name, value in (("verdict", report.verdict), ("from", report.from_.isoformat()), ("to", report.to.isoformat()),
                        ("ticks", str(report.ticks)), ("recording_slo", str(report.recording_slo))):
        ElementTree.SubElement(properties, "property", name=name, value=value)
    failed = 0
    for name, (failing, output) in _watch_lines(report).items():
        failed += _case(suite, camera_id, name, failing, output)
    checks = [*CHECK_NAMES, *sorted({issue.check for issue in report.issues} - set(CHECK_NAMES))]
    for check in checks:
        issues = [issue for issue in report.issues if issue.check == check]
        lines = {issue.issue_id: f"{issue_report_line(camera_id, issue)} first_seen={issue.first_seen.isoformat()}"
                 for issue in issues}
        failed += _case(suite, camera_id, check, [lines[i.issue_id] for i in issues if i.severity == "fail"],
                        [lines[i.issue_id] for i in issues if i.severity != "fail"])
    tests = len(WATCH_CASES) + len(checks)
    for element in (suite, root):
        element.set("tests", str(tests))
        element.set("failures", str(failed))
    root.set("errors", "0")
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))
