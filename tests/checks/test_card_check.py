"""The card check: a read-only mount and kernel I/O errors fail, a short estimated retention warns."""

from __future__ import annotations

from datetime import UTC, datetime

from libs.common.contracts.api.checks import Tolerances
from libs.common.contracts.card_health import CardHealthRecord, CardIdentity, KernelLog, MountState
from libs.common.domain.checks.card_check import CardInputs, card_issues, card_state

READ = datetime(2026, 11, 20, 12, tzinfo=UTC)
HEALTHY = CardHealthRecord(
    read=READ, mount=MountState(device="/dev/mmcblk0p1", mount_point="/mnt/sdcard", fs_type="vfat",
                                options=["rw", "relatime"], read_only=False),
    kernel_log=KernelLog(io_errors=[], io_error_count=0, truncated=False),
    identity=CardIdentity(block_device="mmcblk0", name="SD32G", manfid="0x000003", date="06/2025"))


def inputs(health: CardHealthRecord | None, retention_days: float | None = 30.0) -> CardInputs:
    return CardInputs(health=health, retention_days=retention_days, retention_basis="a basis", date="2026-11-20",
                      observed=datetime(2026, 11, 20, 12))


def test_a_healthy_card_with_long_retention_raises_nothing_and_shows_its_identity() -> None:
    assert card_issues(inputs(HEALTHY), Tolerances()) == []
    state = card_state(inputs(HEALTHY))
    assert (state.name, state.manfid, state.date, state.read_only, state.kernel_io_errors) == (
        "SD32G", "0x000003", "06/2025", False, 0)


def test_a_read_only_card_and_kernel_io_errors_fail() -> None:
    assert HEALTHY.mount is not None
    broken = HEALTHY.model_copy(update={
        "mount": HEALTHY.mount.model_copy(update={"read_only": True, "options": ["ro"]}),
        "kernel_log": KernelLog(io_errors=["mmcblk0: error -110 sending status command"], io_error_count=4,
                                truncated=False)})
    issues = card_issues(inputs(broken), Tolerances())
    assert [(issue.check, issue.severity) for issue in issues] == [("card", "fail"), ("card", "fail")]
    assert "read-only" in issues[0].detail and "4 new kernel log lines" in issues[1].detail
    assert issues[0].start == READ


def test_retention_under_the_minimum_warns_and_the_minimum_can_be_changed() -> None:
    issues = card_issues(inputs(HEALTHY, retention_days=5.0), Tolerances())
    assert [(issue.severity, issue.measured["retention_days"]) for issue in issues] == [("warn", 5.0)]
    assert card_issues(inputs(HEALTHY, retention_days=5.0), Tolerances(min_retention_days=3)) == []


def test_a_card_never_read_says_so_and_raises_nothing() -> None:
    assert card_issues(inputs(None, None), Tolerances()) == []
    assert card_state(inputs(None, None)).not_available == {"card": "the last scan did not read the card"}
