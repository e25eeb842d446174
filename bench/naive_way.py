"""The naive way the benches compare with: download each whole clip over SFTP, then ffprobe, then ffmpeg twice."""

from __future__ import annotations

import asyncio
import posixpath
import time
from pathlib import Path

import asyncssh

from libs.common.adapters.camera.target import CameraTarget


class _PinnedKey(asyncssh.SSHClient):
    """Accepts only the host key pinned in the target, during the key exchange."""

    def __init__(self, fingerprint: str | None) -> None:
        """Expect `fingerprint` (None: no key is trusted)."""
        self._fingerprint = fingerprint

    def validate_host_public_key(self, host: str, addr: str, port: int, key: asyncssh.SSHKey) -> bool:
        """True for the pinned key only."""
        return key.get_fingerprint("sha256") == self._fingerprint


def _commands(local: Path, scratch: Path) -> list[list[str]]:
    """ffprobe the clip, ffmpeg a 320 px thumbnail and an animated WebP preview of one frame every 6 s."""
    return [
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", str(local)],
        ["ffmpeg", "-v", "error", "-y", "-i", str(local), "-frames:v", "1", "-vf", "scale=320:-2",
         str(scratch / "thumb.webp")],
        ["ffmpeg", "-v", "error", "-y", "-i", str(local), "-vf", "fps=1/6,scale=320:-2", "-loop", "0",
         str(scratch / "preview.webp")],
    ]


async def naive_seconds_per_clip(target: CameraTarget, clips: list[str], scratch: Path) -> float:
    """Seconds per clip of the old way, one clip after another, as the tool it replaces did (the camera's host key
    pinned, as the product checks it)."""
    password = target.password.get_secret_value() or None
    start = time.perf_counter()
    async with asyncssh.connect(target.host, target.port, username=target.user, password=password,
                                client_keys=[target.key_file] if target.key_file else None,
                                known_hosts=([], [], []), agent_path=None, config=None,
                                client_factory=lambda: _PinnedKey(target.host_key_fingerprint),
                                ) as connection, connection.start_sftp_client() as sftp:
        for index, path in enumerate(clips):
            local = scratch / f"naive-{index}.mp4"
            await sftp.get(posixpath.join(target.sd_root, path), str(local))
            for command in _commands(local, scratch):
                process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.DEVNULL,
                                                               stderr=asyncio.subprocess.DEVNULL)
                if await process.wait() != 0:
                    raise RuntimeError(f"{command[0]} failed on {path}")
            local.unlink()
    return (time.perf_counter() - start) / len(clips)
