"""Debian's OpenSSH sshd on a free loopback port, key login for root, with or without the SFTP subsystem.

sftp-server runs through a wrapper that logs every open and read request (-l DEBUG1 -e) to sftp.log, and
sshd logs every session it starts (LogLevel VERBOSE) to sshd.log: RunningSshd.counts() reads both. With a
LinkShape, clients reach the sshd through a camera-like link.
"""

from __future__ import annotations

import contextlib
import getpass
import re
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from libs.camera_simulator.link_timing import LinkShape
from libs.camera_simulator.request_counts import RequestCounts
from libs.camera_simulator.slow_link import slow_link_in_thread
from tools.local_servers.polling import wait_until
from tools.local_servers.ports import free_port

SSHD = "/usr/sbin/sshd"
SFTP_SERVER = "/usr/lib/openssh/sftp-server"
PRIVILEGE_SEPARATION_DIR = Path("/run/sshd")
_SFTP_OPEN = re.compile(r'^open "(?P<path>.*)" flags ')
_SFTP_READ = re.compile(r'^debug1: request \d+: read "(?P<path>.*)" \(handle \d+\) off ')
_EXEC_SESSION = "Starting session: command for "


@dataclass(frozen=True)
class RunningSshd:
    """Where the sshd listens (behind its link, if any), its host key, the private key that logs in, and its logs."""

    port: int
    user: str
    client_key: Path
    folder: Path
    sftp: bool
    host_key_fingerprint: str

    @property
    def transport(self) -> str:
        """The transport a client must pick: 'sftp' when the subsystem is on, else 'exec'."""
        return "sftp" if self.sftp else "exec"

    def counts(self) -> RequestCounts:
        """SFTP opens and read requests per path, and exec calls, as OpenSSH logged them so far."""
        counts = RequestCounts()
        sftp_log = self.folder / "sftp.log"
        for line in sftp_log.read_text(errors="replace").splitlines() if sftp_log.exists() else []:
            if opened := _SFTP_OPEN.match(line):
                counts.sftp_opens[opened["path"]] += 1
            elif read := _SFTP_READ.match(line):
                counts.sftp_reads[read["path"]] += 1
        for line in (self.folder / "sshd.log").read_text(errors="replace").splitlines():
            if _EXEC_SESSION in line:
                counts.exec_commands.append(line)
        return counts


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


def _logging_sftp_server(folder: Path) -> Path:
    """A wrapper that runs sftp-server logging each request to folder/sftp.log."""
    wrapper = folder / "sftp-server-logged"
    wrapper.write_text(f'#!/bin/sh\nexec {SFTP_SERVER} -e -l DEBUG1 "$@" 2>>{folder / "sftp.log"}\n')
    wrapper.chmod(0o755)
    return wrapper


@contextmanager
def running_sshd(folder: Path, *, sftp: bool, link: LinkShape | None = None) -> Iterator[RunningSshd]:
    """Start `sshd -D -e -f <config>` in `folder`; fail with a clear message if OpenSSH is not installed."""
    assert Path(SSHD).exists(), f"{SSHD} is missing: install Debian's openssh-server to run the camera tests"
    assert not sftp or Path(SFTP_SERVER).exists(), f"{SFTP_SERVER} is missing (openssh-sftp-server)"
    PRIVILEGE_SEPARATION_DIR.mkdir(mode=0o755, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    host_key = _write_key(folder / "host_key")
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
        # bash sources ~/.bashrc for commands run by sshd unless it is a nested shell: the machine's own shell
        # setup (pyenv init here, ~160 ms) would then be the cost of every exec call, which a camera's sh lacks
        "SetEnv SHLVL=1",
    ]
    if sftp:
        lines.append(f"Subsystem sftp {_logging_sftp_server(folder)}")
    config = folder / "sshd_config"
    config.write_text("\n".join(lines) + "\n")
    check = subprocess.run([SSHD, "-t", "-f", str(config)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, f"sshd rejected its test config: {check.stderr}"
    log = (folder / "sshd.log").open("wb")
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: _answers_with_banner(port) or process.poll() is not None, 15, f"sshd on port {port}")
        assert process.poll() is None, f"sshd exited: {(folder / 'sshd.log').read_text()}"
        with slow_link_in_thread(port, link) if link else contextlib.nullcontext(port) as reachable_port:
            yield RunningSshd(port=reachable_port, user=getpass.getuser(), client_key=folder / "client_key",
                              folder=folder, sftp=sftp, host_key_fingerprint=host_key.get_fingerprint("sha256"))
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
