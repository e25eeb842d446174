"""The card's own state as the last scan read it: mount (read-only?), kernel I/O errors, identity."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class MountState(BaseModel):
    """The /proc/mounts entry of the file system holding the card root."""

    device: str
    mount_point: str
    fs_type: str
    options: list[str]
    read_only: bool


class KernelLog(BaseModel):
    """Kernel log lines that report I/O errors on the card (mmc, FAT, ext4), the first few kept.

    new_*: the lines after the last one the previous scan of the same boot saw (all of them on a new boot or a
    first scan); None in a record stored before scans compared their kernel logs.
    """

    io_errors: list[str]
    io_error_count: int
    truncated: bool
    last_line: str | None = None
    new_io_errors: list[str] | None = None
    new_io_error_count: int | None = None


class CardIdentity(BaseModel):
    """What /sys/block/<mmcblkN>/device says about the card; fields the camera does not expose are None."""

    block_device: str
    name: str | None = None
    manfid: str | None = None
    oemid: str | None = None
    date: str | None = None
    serial: str | None = None


class CardHealthRecord(BaseModel):
    """One scan's reading of the card; a part that could not be read is None with its reason in not_available.

    boot_id: the camera's boot the kernel log belongs to, when the scan read it; replaced: the identity the previous
    scan read when it differs from this one (the card was swapped between the scans).
    """

    read: datetime
    mount: MountState | None = None
    kernel_log: KernelLog | None = None
    identity: CardIdentity | None = None
    boot_id: str | None = None
    replaced: CardIdentity | None = None
    not_available: dict[str, str] = Field(default_factory=dict)
