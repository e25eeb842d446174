"""The card check: read-only mount, new kernel I/O errors, a swapped card, retention under the minimum; its state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from libs.common.contracts.api.checks import CardState, CheckIssue, Tolerances
from libs.common.contracts.card_health import CardHealthRecord, CardIdentity, KernelLog
from libs.common.domain.checks.issues import issue

SHOWN_KERNEL_LINES = 3


@dataclass(frozen=True)
class CardInputs:
    """The card as the last scan saw it, and the day folder its issues are filed under (the newest judged)."""

    health: CardHealthRecord | None
    retention_days: float | None
    retention_basis: str | None
    date: str
    observed: datetime


def card_issues(card: CardInputs, tolerances: Tolerances) -> list[CheckIssue]:
    """Read-only mount and new kernel I/O errors fail; a swapped card and a retention under the minimum warn."""
    health = card.health
    when = health.read.replace(tzinfo=None) if health is not None else card.observed
    issues = []
    if health is not None and health.mount is not None and health.mount.read_only:
        mount = health.mount
        issues.append(issue("card", "fail", card.date, when, when, [],
                            f"the card ({mount.device}, {mount.fs_type}) is mounted read-only at {mount.mount_point}: "
                            "the camera cannot record to it", {"read_only": True, "device": mount.device}))
    if health is not None and health.kernel_log is not None:
        issues += _kernel_issues(health.kernel_log, card.date, when)
    if health is not None and health.replaced is not None and health.identity is not None:
        issues.append(issue("card", "warn", card.date, when, when, [],
                            f"the card was swapped since the previous scan: {_named(health.replaced)} before, "
                            f"{_named(health.identity)} now", {"replaced": True, "serial": health.identity.serial,
                                                                "serial_before": health.replaced.serial}))
    minimum = tolerances.min_retention_days
    if card.retention_days is not None and card.retention_days < minimum:
        issues.append(issue("card", "warn", card.date, when, when, [],
                            f"estimated retention {card.retention_days:.1f} days is under the minimum of "
                            f"{minimum:g} days ({card.retention_basis})",
                            {"retention_days": card.retention_days, "min_retention_days": minimum}))
    return issues


def _kernel_issues(log: KernelLog, date: str, when: datetime) -> list[CheckIssue]:
    """Kernel I/O error lines new since the previous scan of this boot (all lines in a record from before that)."""
    count = log.new_io_error_count if log.new_io_error_count is not None else log.io_error_count
    lines = log.new_io_errors if log.new_io_errors is not None else log.io_errors
    if not count:
        return []
    examples = " | ".join(lines[:SHOWN_KERNEL_LINES])
    return [issue("card", "fail", date, when, when, [],
                  f"{count} new kernel log lines since the previous scan report I/O errors on the card, "
                  f"e.g. {examples}",
                  {"kernel_io_errors": count, "since_boot": log.io_error_count})]


def _named(identity: CardIdentity) -> str:
    """'SD32G 0x000003 06/2025 serial 0x1234abcd', leaving out what the camera does not expose."""
    parts = [identity.name, identity.manfid, identity.date]
    return " ".join([part for part in parts if part] + ([f"serial {identity.serial}"] if identity.serial else []))


def card_state(card: CardInputs) -> CardState:
    """The card facts an answer shows beside its issues."""
    health = card.health
    mount = health.mount if health else None
    identity = health.identity if health else None
    log = health.kernel_log if health else None
    return CardState(
        read=health.read if health else None,
        device=mount.device if mount else None,
        read_only=mount.read_only if mount else None,
        kernel_io_errors=log.io_error_count if log else None,
        new_kernel_io_errors=log.new_io_error_count if log else None,
        name=identity.name if identity else None,
        manfid=identity.manfid if identity else None,
        date=identity.date if identity else None,
        serial=identity.serial if identity else None,
        retention_days=card.retention_days,
        retention_basis=card.retention_basis,
        not_available=dict(health.not_available) if health else {"card": "the last scan did not read the card"},
    )
