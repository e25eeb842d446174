"""Reading the card's own state from camera text: its /proc/mounts entry, kernel I/O error lines, its block device."""

from __future__ import annotations

import posixpath
import re

from libs.common.contracts.card_health import CardHealthRecord, CardIdentity, KernelLog, MountState

KEPT_KERNEL_LINES = 20
MAX_LINE_CHARS = 300
_CARD_WORDS = re.compile(r"\bmmc(?:blk)?[0-9]+|FAT-fs|EXT4-fs|\bext4\b|\bvfat\b", re.IGNORECASE | re.ASCII)
_ERROR_WORDS = re.compile(r"error|i/o|timeout|timed out|read-only|remounting|failed", re.IGNORECASE)
_MOUNT_OPTIONS = re.compile(r"\bOpts:.*$|\berrors=[a-z-]+", re.IGNORECASE)  # ext4's 'errors=remount-ro' is a setting
_MMC_DEVICE = re.compile(r"^/dev/(mmcblk[0-9]{1,3})(?:p[0-9]{1,3})?$")


def _unescape(field: str) -> str:
    """A /proc/mounts field with its octal escapes (\\040 for a space) decoded."""
    return re.sub(r"\\([0-7]{3})", lambda match: chr(int(match[1], 8)), field)


def _holds(mount_point: str, path: str) -> bool:
    """Whether path lies on the file system mounted at mount_point."""
    return mount_point == "/" or path == mount_point or path.startswith(mount_point.rstrip("/") + "/")


def card_mount(mounts_text: str, sd_root: str) -> MountState | None:
    """The mount holding sd_root (the longest mount point that contains it), None if no line does."""
    root = posixpath.normpath(sd_root)
    best: MountState | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        device, mount_point, fs_type, options = (_unescape(field) for field in fields[:4])
        if not _holds(mount_point, root) or (best is not None and len(mount_point) <= len(best.mount_point)):
            continue
        flags = options.split(",")
        best = MountState(device=device, mount_point=mount_point, fs_type=fs_type, options=flags,
                          read_only="ro" in flags)
    return best


def mmc_block_device(device: str) -> str | None:
    """'mmcblk0' for '/dev/mmcblk0p1' or '/dev/mmcblk0'; None for any other device (no SD identity to read)."""
    match = _MMC_DEVICE.fullmatch(device)
    return match[1] if match else None


def _reports_error(line: str) -> bool:
    """A line naming the card and an error, mount options (errors=remount-ro, Opts: ...) aside."""
    return bool(_CARD_WORDS.search(line)) and bool(_ERROR_WORDS.search(_MOUNT_OPTIONS.sub("", line)))


def kernel_io_errors(log_text: str, truncated: bool, seen_until: str | None = None) -> KernelLog:
    """Kernel log lines that name the card (mmc, FAT, ext4) and report an error; the first few kept, all counted.

    seen_until: the last such line the previous scan of this boot saw; the lines after it are new (all of them when
    it is gone: the kernel's ring buffer dropped it, so everything there now came later).
    """
    found = [line.strip()[:MAX_LINE_CHARS] for line in log_text.splitlines() if _reports_error(line)]
    cut = len(found) - found[::-1].index(seen_until) if seen_until is not None and seen_until in found else 0
    new = found[cut:]
    return KernelLog(io_errors=found[:KEPT_KERNEL_LINES], io_error_count=len(found), truncated=truncated,
                     last_line=found[-1] if found else None, new_io_errors=new[:KEPT_KERNEL_LINES],
                     new_io_error_count=len(new))


def last_seen_error(previous: CardHealthRecord | None, boot_id: str | None) -> str | None:
    """The last kernel error line of the previous scan when it read the same boot (by boot id when both know it)."""
    if previous is None or previous.kernel_log is None or previous.boot_id != boot_id:
        return None
    return previous.kernel_log.last_line


def _identity_key(identity: CardIdentity) -> tuple[str | None, ...]:
    """What tells two cards apart: the CID serial, else name, manufacturer and date."""
    if identity.serial:
        return identity.manfid, identity.serial
    return identity.name, identity.manfid, identity.oemid, identity.date


def replaced_identity(previous: CardHealthRecord | None, current: CardIdentity | None) -> CardIdentity | None:
    """The previous scan's card identity when the camera now holds another card, else None."""
    before = previous.identity if previous is not None else None
    if before is None or current is None or _identity_key(before) == _identity_key(current):
        return None
    return before
