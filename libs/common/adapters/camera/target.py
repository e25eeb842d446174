"""Where a camera is and how to log in: the resolved connection facts for one camera id."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import SecretStr

from libs.common.domain.checks.expected import ExpectedOverrides


@dataclass(frozen=True)
class CameraTarget:
    """Everything needed to open an SSH session to one camera; the password never prints."""

    camera_id: str
    host: str
    port: int = 22
    user: str = "root"
    password: SecretStr = field(default_factory=lambda: SecretStr(""))
    model: str = "unknown"
    sd_root: str = "/mnt/sdcard"
    config_ini: str = ""
    timezone: str = "UTC"
    key_file: str | None = None
    host_key_fingerprint: str | None = None  # pinned host key (`SHA256:…`, cameras file)
    by_name: bool = False  # an id in no cameras file, reached through SDB_CAMERA_HOST_TEMPLATE
    expected: ExpectedOverrides = field(default_factory=ExpectedOverrides)  # recording checks' expected values
    tolerances: tuple[tuple[str, float], ...] = ()  # recording checks' tolerances set for this camera (name, value)

    def __repr__(self) -> str:
        """Show where the camera is, never its credentials."""
        return f"CameraTarget(camera_id={self.camera_id!r}, host={self.host!r}, port={self.port})"
