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
    """Kernel log lines that report I/O errors on the card (mmc, FAT, ext4), the first few kept."""

    io_errors: list[str]
    io_error_count: int
    truncated: bool


class CardIdentity(BaseModel):
    """What /sys/block/<mmcblkN>/device says about the card; fields the camera does not expose are None."""

    block_device: str
    name: str | None = None
    manfid: str | None = None
    oemid: str | None = None
    date: str | None = None
    serial: str | None = None


class CardHealthRecord(BaseModel):
    """One scan's reading of the card; a part that could not be read is None with its reason in not_available."""

    read: datetime
    mount: MountState | None = None
    kernel_log: KernelLog | None = None
    identity: CardIdentity | None = None
    not_available: dict[str, str] = Field(default_factory=dict)
