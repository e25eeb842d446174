"""Issues with one cause over consecutive clips become one issue: start/end span the run, measured.clips counts it."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from libs.common.contracts.api.checks import CheckIssue
from libs.common.domain.checks.issues import DASH

Cause = Callable[[CheckIssue], str]
Badness = Callable[[CheckIssue], float]
SUMMED = ("missing_frames", "steps", "backwards_steps")


def _number(issue: CheckIssue, key: str) -> float:
    """A measured number (0 when missing or not a number)."""
    value = issue.measured.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _sign(key: str) -> Cause:
    """'+' or '-' by the sign of a measured number: shorter and longer clips are different causes."""
    return lambda issue: "-" if _number(issue, key) < 0 else "+"


def _bitrate_side(issue: CheckIssue) -> str:
    """Under or over the usual band."""
    return "low" if _number(issue, "kbps") < _number(issue, "low_kbps") else "high"


def _bitrate_badness(issue: CheckIssue) -> float:
    """How far outside the band, in kbit/s."""
    kbps = _number(issue, "kbps")
    return max(_number(issue, "low_kbps") - kbps, kbps - _number(issue, "high_kbps"))


CAUSES: dict[str, Cause] = {
    "duration": _sign("off_s"),
    "dropped_frames": lambda issue: "backwards" if "backwards_steps" in issue.measured else "missing",
    "keyframe_interval": lambda issue: "start" if "first_is_keyframe" in issue.measured else "interval",
    "av_drift": _sign("seconds"),
    "clock_drift": _sign("seconds"),
    "bitrate": _bitrate_side,
    "broken": lambda issue: issue.detail,
    "profile_change": lambda issue: issue.detail,
    "overlap": lambda issue: "overlap",
}
BADNESS: dict[str, Badness] = {
    "duration": lambda issue: abs(_number(issue, "off_s")),
    "dropped_frames": lambda issue: _number(issue, "missing_frames") + _number(issue, "backwards_steps"),
    "bitrate": _bitrate_badness,
}


def _worst(check: str, issues: list[CheckIssue]) -> CheckIssue:
    """The issue of the run that strays furthest (the first among equals)."""
    badness = BADNESS.get(check, lambda issue: abs(_number(issue, "seconds")))
    return max(issues, key=badness)


def _merged(run: list[CheckIssue]) -> CheckIssue:
    """One issue for a run: the worst one's detail and measured values, counts summed, every clip listed."""
    if len(run) == 1:
        return run[0]
    first = run[0]
    worst = _worst(first.check, run)
    clip_ids = list(dict.fromkeys(clip for found in run for clip in found.clip_ids))
    paths = list(dict.fromkeys(path for found in run for path in found.paths))
    start, end = min(found.start for found in run), max(found.end for found in run)
    measured = {**worst.measured, "clips": len(clip_ids)}
    notes = [] if all(found.measured == first.measured for found in run) else ["the worst clip of the run"]
    for key in SUMMED:
        if key in worst.measured:
            measured[key] = int(sum(_number(found, key) for found in run))
            notes += [f"{measured[key]} {key.replace('_', ' ')} in all"] if measured[key] else []
    detail = (f"{start:%H:%M}{DASH}{end:%H:%M}, {len(clip_ids)} clips: {worst.detail}"
              + (f" ({'; '.join(notes)})" if notes else ""))
    return first.model_copy(update={"start": start, "end": end, "clip_ids": clip_ids, "paths": paths,
                                    "detail": detail, "measured": measured})


def merge_runs(issues: list[CheckIssue], position: dict[str, int]) -> list[CheckIssue]:
    """Issues of one check, severity and cause on consecutive clips (by position in time order) joined into runs.

    Issues without clips, and checks with no cause listed (gaps, the card, clock checks), stay as they are.
    """
    kept = [found for found in issues if found.check not in CAUSES or not found.clip_ids]
    candidates = [found for found in issues if found.check in CAUSES and found.clip_ids]

    def key(found: CheckIssue) -> tuple[str, str, str, str]:
        return found.date, found.check, found.severity, CAUSES[found.check](found)

    merged: list[CheckIssue] = []
    for _, group in groupby(sorted(candidates, key=lambda found: (key(found), position[found.clip_ids[0]])), key=key):
        run: list[CheckIssue] = []
        for found in group:
            if run and position[found.clip_ids[0]] > position[run[-1].clip_ids[-1]] + 1:
                merged.append(_merged(run))
                run = []
            run.append(found)
        merged.append(_merged(run))
    return kept + merged
