"""SSH servers that must get their exec channels one at a time, told apart by the version string they announce.

Dropbear mishandles a session channel whose exec request arrives just after another channel's command exited
(upstream commit 8e6f73e, "Remove flushing handling for exited processes"): the request fails ("Session request
failed") or the whole connection dies with `Failed assertion (common-channel.c:705): !channel->sent_close`.
Upstream's report (mkj/dropbear#321) sees it from 2022.83 to 2024.85 and not on 2020.81; 2022.82 is the only
release between those, so it is counted in; 2024.86 has the fix (PR #326). Against Debian 12's 2022.83, exec calls
made back to back fail with 2 channels in flight (refused requests, and aborted connections within a few hundred
calls), never with 1 (2,500 calls, some closed by us before their command ended); see test_camera_dropbear.py.

The rule is that range, plus dropbear that hides its release (it may be one of them). A distribution that
backported the fix still announces its old release and is limited too: that costs it speed, never a failed call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIRST_AFFECTED_DROPBEAR = (2022, 82)
FIRST_FIXED_DROPBEAR = (2024, 86)
EXEC_CHANNELS_AT_ONCE = 1
MAX_SHOWN_CHARS = 64

_SOFTWARE = re.compile(r"SSH-[^-\s]*-(\S*)")
_DROPBEAR_RELEASE = re.compile(r"dropbear_([0-9]{1,9})\.([0-9]{1,9})(?![0-9])", re.IGNORECASE)
_NOT_SHOWN = re.compile(r"[^\x21-\x7e]")


@dataclass(frozen=True)
class ExecChannelLimit:
    """How many exec channels the connection may have in flight, and why."""

    channels: int
    software: str
    reason: str


def exec_channel_limit(server_version: str | None) -> ExecChannelLimit | None:
    """The limit for a server announcing `server_version` (asyncssh's `server_version`), or None for no limit."""
    software = _software(server_version or "")
    if not software.lower().startswith("dropbear"):
        return None
    shown = _NOT_SHOWN.sub("?", software)[:MAX_SHOWN_CHARS]
    release = _DROPBEAR_RELEASE.match(software)
    if release is None:
        return ExecChannelLimit(EXEC_CHANNELS_AT_ONCE, shown, "dropbear without a readable release may be one "
                                "that drops overlapping exec channels (2022.82 to 2024.85)")
    year, number = int(release.group(1)), int(release.group(2))
    if not FIRST_AFFECTED_DROPBEAR <= (year, number) < FIRST_FIXED_DROPBEAR:
        return None
    return ExecChannelLimit(EXEC_CHANNELS_AT_ONCE, shown, f"dropbear {year}.{number} drops overlapping exec "
                            "channels (fixed in 2024.86)")


def _software(server_version: str) -> str:
    """The softwareversion field of an `SSH-protoversion-softwareversion SP comments` line ('' if none)."""
    found = _SOFTWARE.match(server_version)
    return found.group(1) if found else ""
