"""From issues to verdicts: the worst severity wins; counts per check and per day."""

from __future__ import annotations

from collections import Counter

from libs.common.contracts.api.checks import CHECK_NAMES, CheckIssue, CheckSummary, DayVerdict, Verdict


def verdict_of(issues: list[CheckIssue]) -> Verdict:
    """fail if any issue fails, warn if any warns, else pass."""
    severities = {found.severity for found in issues}
    return "fail" if "fail" in severities else "warn" if "warn" in severities else "pass"


def count_by_check(issues: list[CheckIssue]) -> dict[str, int]:
    """Issues per check, only checks that found something, in the order of CHECK_NAMES."""
    counts = Counter(found.check for found in issues)
    return {name: counts[name] for name in CHECK_NAMES if counts[name]}


def per_check(issues: list[CheckIssue]) -> dict[str, CheckSummary]:
    """Every check with its verdict and issue count (pass with 0 for a check that found nothing)."""
    return {name: CheckSummary(verdict=verdict_of(found := [i for i in issues if i.check == name]), issues=len(found))
            for name in CHECK_NAMES}


def day_verdict(date: str, clips: int, issues: list[CheckIssue]) -> DayVerdict:
    """One day folder's verdict from its issues."""
    return DayVerdict(date=date, verdict=verdict_of(issues), clips=clips, issues=len(issues),
                      by_check=count_by_check(issues))
