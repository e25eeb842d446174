"""The card check: mounted read-only, kernel I/O errors, estimated retention under the minimum; and the card's state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from libs.common.contracts.api.checks import CardState, CheckIssue, Tolerances
from libs.common.contracts.card_health import CardHealthRecord
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
    """Read-only mount and kernel I/O errors fail; an estimated retention under the minimum warns."""
    health = card.health
    when = health.read.replace(tzinfo=None) if health is not None else card.observed
    issues = []
    if health is not None and health.mount is not None and health.mount.read_only:
        mount = health.mount
        issues.append(issue("card", "fail", card.date, when, when, [],
                            f"the card ({mount.device}, {mount.fs_type}) is mounted read-only at {mount.mount_point}: "
                            "the camera cannot record to it", {"read_only": True, "device": mount.device}))
    if health is not None and health.kernel_log is not None and health.kernel_log.io_error_count:
        log = health.kernel_log
        examples = " | ".join(log.io_errors[:SHOWN_KERNEL_LINES])
        issues.append(issue("card", "fail", card.date, when, when, [],
                            f"{log.io_error_count} kernel log lines report I/O errors on the card, e.g. {examples}",
                            {"kernel_io_errors": log.io_error_count}))
    minimum = tolerances.min_retention_days
    if card.retention_days is not None and card.retention_days < minimum:
        issues.append(issue("card", "warn", card.date, when, when, [],
                            f"estimated retention {card.retention_days:.1f} days is under the minimum of "
                            f"{minimum:g} days ({card.retention_basis})",
                            {"retention_days": card.retention_days, "min_retention_days": minimum}))
    return issues


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
        name=identity.name if identity else None,
        manfid=identity.manfid if identity else None,
        date=identity.date if identity else None,
        retention_days=card.retention_days,
        retention_basis=card.retention_basis,
        not_available=dict(health.not_available) if health else {"card": "the last scan did not read the card"},
    )
