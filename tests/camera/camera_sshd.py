"""Debian's OpenSSH sshd on a free loopback port, key login for root, with or without the SFTP subsystem."""

from __future__ import annotations

import getpass
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from tools.local_servers.polling import wait_until
from tools.local_servers.ports import free_port

SSHD = "/usr/sbin/sshd"
SFTP_SERVER = "/usr/lib/openssh/sftp-server"
PRIVILEGE_SEPARATION_DIR = Path("/run/sshd")


@dataclass(frozen=True)
class RunningSshd:
    """Where the sshd listens and the private key that logs in."""

    port: int
    user: str
    client_key: Path


def _write_key(path: Path) -> asyncssh.SSHKey:
    """Generate an ed25519 key in OpenSSH format at `path` (mode 600)."""
    key = asyncssh.generate_private_key("ssh-ed25519")
    key.write_private_key(str(path))
    path.chmod(0o600)
    return key


def _answers_with_banner(port: int) -> bool:
    """True once something on the port speaks SSH."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            return connection.recv(4).startswith(b"SSH-")
    except OSError:
        return False


@contextmanager
def running_sshd(folder: Path, *, sftp: bool) -> Iterator[RunningSshd]:
    """Start `sshd -D -e -f <config>` in `folder`; fail with a clear message if OpenSSH is not installed."""
    assert Path(SSHD).exists(), f"{SSHD} is missing: install Debian's openssh-server to run the camera tests"
    assert not sftp or Path(SFTP_SERVER).exists(), f"{SFTP_SERVER} is missing (openssh-sftp-server)"
    PRIVILEGE_SEPARATION_DIR.mkdir(mode=0o755, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    _write_key(folder / "host_key")
    client_key = _write_key(folder / "client_key")
    (folder / "authorized_keys").write_bytes(client_key.export_public_key())
    port = free_port()
    lines = [
        f"Port {port}",
        "ListenAddress 127.0.0.1",
        f"HostKey {folder / 'host_key'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}",
        "PidFile none",
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "LogLevel VERBOSE",
    ]
    if sftp:
        lines.append(f"Subsystem sftp {SFTP_SERVER}")
    config = folder / "sshd_config"
    config.write_text("\n".join(lines) + "\n")
    check = subprocess.run([SSHD, "-t", "-f", str(config)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, f"sshd rejected its test config: {check.stderr}"
    log = (folder / "sshd.log").open("wb")
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: _answers_with_banner(port) or process.poll() is not None, 15, f"sshd on port {port}")
        assert process.poll() is None, f"sshd exited: {(folder / 'sshd.log').read_text()}"
        yield RunningSshd(port=port, user=getpass.getuser(), client_key=folder / "client_key")
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
