"""Trust on first use: each camera's SSH host key is remembered in a known_hosts file; a changed key is refused."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import asyncssh
import structlog

from libs.common.adapters.camera.errors import CameraHostKeyChanged
from libs.common.adapters.camera.target import CameraTarget

log = structlog.get_logger(__name__)


def host_entry_name(host: str, port: int) -> str:
    """The host field OpenSSH writes: `host` on port 22, `[host]:port` otherwise."""
    return host if port == 22 else f"[{host}]:{port}"


class KnownHostsFile:
    """An OpenSSH-format known_hosts file that learns unknown cameras and guards known ones."""

    def __init__(self, path: Path, accept_changed: bool = False) -> None:
        """Use path (created on first write); accept_changed replaces a changed key instead of refusing it."""
        self.path = path
        self._accept_changed = accept_changed
        self._lock = threading.Lock()

    def verification_for(self, target: CameraTarget) -> str | None:
        """What to give asyncssh's known_hosts: the file when the camera is known, None (learn it) otherwise."""
        if self._accept_changed or not self._lines_for(host_entry_name(target.host, target.port)):
            return None
        return str(self.path)

    def remember(self, target: CameraTarget, key: asyncssh.SSHKey | None) -> None:
        """Store the key the camera presented, replacing an older one for the same host and port."""
        if key is None:
            return
        name = host_entry_name(target.host, target.port)
        line = f"{name} {key.export_public_key('openssh').decode().strip()}"
        with self._lock:
            lines = self._all_lines()
            if line in lines:
                return
            others = [known for known in lines if known.split(" ", 1)[0] != name]
            if len(others) != len(lines):
                log.warning("camera host key replaced", camera_id=target.camera_id, host=name, file=str(self.path))
            else:
                log.info("camera host key remembered", camera_id=target.camera_id, host=name, file=str(self.path))
            self._write([*others, line])

    def changed(self, target: CameraTarget) -> CameraHostKeyChanged:
        """The error for a camera whose key no longer matches the remembered one (named by its fingerprint)."""
        name = host_entry_name(target.host, target.port)
        return CameraHostKeyChanged(
            f"host key of camera {target.camera_id} at {target.host}:{target.port} changed since it was first "
            f"seen (it no longer matches the remembered {self._fingerprints(name)}): if the camera was replaced or "
            f"reinstalled, set SDB_CAMERA_ACCEPT_NEW_HOST_KEYS=true or remove the line for {name} from {self.path}"
        )

    def _fingerprints(self, name: str) -> str:
        """The remembered keys of one host as 'ssh-ed25519 key SHA256:…', for messages."""
        shown = []
        for line in self._lines_for(name):
            try:
                key = asyncssh.import_public_key(line.split(" ", 1)[1])
            except (IndexError, asyncssh.KeyImportError):
                continue
            shown.append(f"{key.get_algorithm()} key {key.get_fingerprint()}")
        return ", ".join(shown) or "key"

    def _lines_for(self, name: str) -> list[str]:
        """The file's lines for one host name."""
        return [line for line in self._all_lines() if line.split(" ", 1)[0] == name]

    def _all_lines(self) -> list[str]:
        """Every non-empty line of the file; none when it does not exist yet."""
        try:
            text = self.path.read_text()
        except FileNotFoundError:
            return []
        return [line.strip() for line in text.splitlines() if line.strip()]

    def _write(self, lines: list[str]) -> None:
        """Replace the file atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        partial.write_text("".join(f"{line}\n" for line in lines))
        partial.replace(self.path)
