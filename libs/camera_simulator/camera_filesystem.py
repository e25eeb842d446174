"""The simulated camera's file system: the card at sd_root, the config ini, /proc and /sys files; nothing else."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SD_ROOT = "/mnt/sdcard"
DEFAULT_CONFIG_INI = "/etc/camera/camera.ini"
DEFAULT_CAPACITY_BYTES = 32 * 1024**3
SYSTEM_ROOTS = ("/proc/", "/sys/")


class OutsideCamera(PermissionError):
    """A path the simulated camera does not expose."""


@dataclass(frozen=True)
class DiskFigures:
    """Simulated card capacity in bytes: a fixed size, used = what the card folder holds."""

    total_bytes: int
    used_bytes: int
    free_bytes: int


@dataclass(frozen=True)
class CameraFilesystem:
    """Maps camera paths to local paths: sd_root[/...] -> card_dir[/...], config_ini -> config_file,
    /proc/... and /sys/... -> system_dir/proc/..., system_dir/sys/... (when there is a system_dir)."""

    card_dir: Path
    config_file: Path
    sd_root: str = DEFAULT_SD_ROOT
    config_ini: str = DEFAULT_CONFIG_INI
    capacity_bytes: int = DEFAULT_CAPACITY_BYTES
    system_dir: Path | None = None

    def local_path(self, camera_path: str) -> Path:
        """The local file behind an absolute camera path; OutsideCamera for anything not exposed."""
        if "\x00" in camera_path or not camera_path.startswith("/"):
            raise OutsideCamera(f"{camera_path}: no such file or directory")
        normalised = posixpath.normpath(camera_path)
        if normalised == self.config_ini:
            return self.config_file
        if normalised == self.sd_root:
            return self.card_dir
        if normalised.startswith(self.sd_root + "/"):
            return self.card_dir.joinpath(*normalised[len(self.sd_root) + 1 :].split("/"))
        if self.system_dir is not None and normalised.startswith(SYSTEM_ROOTS):
            return self.system_dir.joinpath(*normalised[1:].split("/"))
        raise OutsideCamera(f"{camera_path}: no such file or directory")

    def camera_path(self, local: Path) -> str:
        """The camera path of a local file under the card dir (or the config file)."""
        if local == self.config_file:
            return self.config_ini
        if self.system_dir is not None and local.is_relative_to(self.system_dir):
            return posixpath.join("/", *local.relative_to(self.system_dir).parts)
        relative = local.relative_to(self.card_dir)
        return posixpath.join(self.sd_root, *relative.parts) if relative.parts else self.sd_root

    def usage(self) -> DiskFigures:
        """Capacity of the simulated card: used is the 1 KiB-rounded size of everything on it."""
        used = 0
        for folder, _, names in os.walk(self.card_dir):
            for name in names:
                used += -(-os.lstat(os.path.join(folder, name)).st_size // 1024) * 1024
        total = max(self.capacity_bytes, used)
        return DiskFigures(total_bytes=total, used_bytes=used, free_bytes=total - used)
