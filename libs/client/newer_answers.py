"""Answers as this client reads them from a server that may be newer: names added since are kept, not refused.

A newer server may add a check name; the server's own models (contracts/api/checks.py) name only the checks it
runs, so an older client reading with them would refuse the whole answer. These read a check's name as any text.
"""

from __future__ import annotations

from libs.common.contracts.api.checks import CheckIssue, ChecksAnswer


class ReadCheckIssue(CheckIssue):
    """A check issue whose check may be one this client does not know yet."""

    check: str  # wider than the server's CheckName on purpose (the server reads it as any text too now)


class ReadChecksAnswer(ChecksAnswer):
    """The checks answer with issues of any check name."""

    issues: list[ReadCheckIssue]  # type: ignore[assignment]  # wider than the server's on purpose
