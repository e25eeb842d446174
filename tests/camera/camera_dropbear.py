"""Debian's dropbear on a free loopback port as an embedded board runs it: only an ed25519 host key, and a login
shell that is BusyBox's `sh` with nothing but BusyBox applets on the system (its own mount namespace puts a folder
of applet links over /usr/bin, so `find`, `stat`, `dd` and `df` are BusyBox's, as on the camera) and no SFTP server
unless asked for (then OpenSSH's sftp-server, as some camera firmwares ship it)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from tests.camera.camera_sshd import _answers_with_banner
from tools.local_servers.polling import wait_until
from tools.local_servers.ports import free_port

DROPBEAR = "/usr/sbin/dropbear"
DROPBEARKEY = "/usr/bin/dropbearkey"
BUSYBOX = "/bin/busybox"
USER = "camera"


@dataclass(frozen=True)
class RunningDropbear:
    """Where dropbear listens, the user and private key that log in, and its host key's fingerprint."""

    port: int
    user: str
    client_key: Path
    host_key_fingerprint: str
    folder: Path


def _busybox_bin(folder: Path) -> Path:
    """A folder holding a copy of busybox and a link per applet (sh, find, stat, dd, df, cat, ...)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    shutil.copy2(BUSYBOX, bin_dir / "busybox")
    applets = subprocess.run([BUSYBOX, "--list"], capture_output=True, text=True, check=True).stdout.split()
    for applet in applets:
        if applet != "busybox":
            (bin_dir / applet).symlink_to("busybox")
    return bin_dir


def _login(folder: Path) -> tuple[Path, Path]:
    """The passwd file with the camera user (uid 0, login shell /bin/sh: BusyBox), its home and client key."""
    home = folder / "home"
    (home / ".ssh").mkdir(parents=True, mode=0o700)
    client = asyncssh.generate_private_key("ssh-ed25519")
    client_key = folder / "client_key"
    client.write_private_key(str(client_key))
    client_key.chmod(0o600)
    authorized = home / ".ssh" / "authorized_keys"
    authorized.write_bytes(client.export_public_key())
    authorized.chmod(0o600)
    passwd = folder / "passwd"
    passwd.write_text(Path("/etc/passwd").read_text() + f"{USER}:x:0:0:camera:{home}:/bin/sh\n")
    return passwd, client_key


def _host_key(folder: Path) -> tuple[Path, str]:
    """An ed25519 dropbear host key (the only one the server has) and its SHA256 fingerprint."""
    key_file = folder / "dropbear_ed25519_host_key"
    subprocess.run([DROPBEARKEY, "-t", "ed25519", "-f", str(key_file)], capture_output=True, check=True)
    public = subprocess.run([DROPBEARKEY, "-y", "-f", str(key_file)], capture_output=True, text=True, check=True)
    line = next(line for line in public.stdout.splitlines() if line.startswith("ssh-ed25519 "))
    return key_file, asyncssh.import_public_key(line).get_fingerprint("sha256")


@contextmanager
def running_dropbear(folder: Path, *, sftp: bool = False) -> Iterator[RunningDropbear]:
    """Start dropbear in the foreground in its own mount namespace, with OpenSSH's sftp-server when `sftp`; stop it
    after the block."""
    assert Path(DROPBEAR).exists() and Path(BUSYBOX).exists(), "install Debian's dropbear-bin and busybox"
    folder.mkdir(parents=True, exist_ok=True)
    bin_dir = _busybox_bin(folder)
    passwd, client_key = _login(folder)
    key_file, fingerprint = _host_key(folder)
    port = free_port()
    no_sftp = folder / "no-sftp-server"
    no_sftp.mkdir()
    hide_sftp = "" if sftp else f"/usr/bin/mount --bind {no_sftp} /usr/lib/openssh && "
    script = (f"/usr/bin/mount --bind {passwd} /etc/passwd && {hide_sftp}"
              f"/usr/bin/mount --bind {bin_dir} /usr/bin && "
              f"exec {DROPBEAR} -F -E -s -m -r {key_file} -p 127.0.0.1:{port} -P {folder / 'dropbear.pid'}")
    log = (folder / "dropbear.log").open("wb")
    process = subprocess.Popen(["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: _answers_with_banner(port) or process.poll() is not None, 15, f"dropbear on {port}")
        assert process.poll() is None, f"dropbear exited: {(folder / 'dropbear.log').read_text()}"
        yield RunningDropbear(port, USER, client_key, fingerprint, folder)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
