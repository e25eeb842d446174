"""The simulated camera's system files: /proc/mounts, the SD card's /sys/block identity and its kernel log."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from libs.camera_simulator.camera_filesystem import DEFAULT_SD_ROOT

KERNEL_LOG_NAME = "dmesg.log"
CARD_IDENTITY = {"name": "SD32G", "manfid": "0x000003", "oemid": "0x5344", "date": "06/2025",
                 "serial": "0x1a2b3c4d"}
BOOT_LOG = [
    "[    0.000000] Booting Linux on physical CPU 0x0",
    "[    1.204113] mmc0: new high speed SDHC card at address aaaa",
    "[    1.210567] mmcblk0: mmc0:aaaa SD32G 29.7 GiB",
    "[    1.215002]  mmcblk0: p1",
    "[    2.880341] FAT-fs (mmcblk0p1): Volume was not properly unmounted. Some data may be corrupt. Please run fsck.",
    "[    3.100200] eth0: link up (100Mbps/Full duplex)",
]


def default_system_path(card_root: Path) -> Path:
    """Where build_card writes the system files unless told otherwise: system/ beside the card."""
    return card_root.parent / "system"


def write_system_files(folder: Path, *, sd_root: str = DEFAULT_SD_ROOT, read_only: bool = False,
                       kernel_errors: Sequence[str] = ()) -> Path:
    """Write proc/mounts (the card on mmcblk0p1, vfat), sys/block/mmcblk0/device/* and the kernel log; return folder."""
    (folder / "proc").mkdir(parents=True, exist_ok=True)
    options = "ro,relatime" if read_only else "rw,relatime"
    (folder / "proc" / "mounts").write_text(
        "/dev/root / squashfs ro,relatime 0 0\nproc /proc proc rw,relatime 0 0\n"
        f"/dev/mmcblk0p1 {sd_root} vfat {options},fmask=0022,dmask=0022,codepage=437,errors=remount-ro 0 0\n",
        encoding="utf-8")
    device = folder / "sys" / "block" / "mmcblk0" / "device"
    device.mkdir(parents=True, exist_ok=True)
    for name, value in CARD_IDENTITY.items():
        (device / name).write_text(value + "\n", encoding="utf-8")
    (folder / KERNEL_LOG_NAME).write_text("\n".join([*BOOT_LOG, *kernel_errors]) + "\n", encoding="utf-8")
    return folder
