"""`sdb camera trust-key`: exit 0 trusted, 1 when the camera presents another key, 2 for usage or connection errors."""

from __future__ import annotations

from pathlib import Path

import asyncssh

from tests.cli.conftest import served_system
from tests.cli.sdb_process import run_sdb
from tests.sample_card import SAMPLE_FINGERPRINT


async def test_trust_key_trusts_only_the_presented_key_with_its_exit_codes(camera_server: int, tmp_path: Path) -> None:
    other = asyncssh.generate_private_key("ssh-ed25519").get_fingerprint("sha256")
    async with served_system(tmp_path / "data", camera_server, pinned=False) as url:
        bad = await run_sdb("camera", "trust-key", "cam01", "--fingerprint", "MD5:00:11", url=url)
        assert bad.code == 2 and bad.stderr.startswith("Usage: sdb camera trust-key"), bad
        unreachable = await run_sdb("camera", "trust-key", "nosuch", "--fingerprint", other, url=url)
        assert unreachable.code == 2 and "nosuch.invalid" in unreachable.stderr.lower(), unreachable
        refused = await run_sdb("camera", "trust-key", "cam01", "--fingerprint", other, url=url)
        assert refused.code == 1 and SAMPLE_FINGERPRINT in refused.stderr and "nothing was trusted" in refused.stderr
        trusted = await run_sdb("camera", "trust-key", "cam01", "--fingerprint", SAMPLE_FINGERPRINT, url=url)
        assert trusted.code == 0, trusted
        assert trusted.lines == [f"trusted CAM01: ssh-ed25519 {SAMPLE_FINGERPRINT}"]
        scanned = await run_sdb("scan", "cam01", "--wait", "--no-thumbnails", url=url)
        assert scanned.code == 0, scanned
