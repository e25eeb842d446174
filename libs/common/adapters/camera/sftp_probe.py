"""Whether a server runs an SFTP subsystem, asked on a channel that is fully closed before the answer is given.

asyncssh's start_sftp_client leaves the channel of a subsystem that exited at once (dropbear without an
sftp-server) to close in the background; on servers that cannot take overlapping exec channels the first command
would then race that close (see exec_channel_limit), so those servers are asked this way first.
"""

from __future__ import annotations

import struct

import asyncssh

SFTP_INIT = struct.pack(">IBI", 5, 1, 3)  # packet length, SSH_FXP_INIT, protocol version 3


async def has_sftp(connection: asyncssh.SSHClientConnection) -> bool:
    """Send the SFTP greeting on a channel of its own: true when the subsystem answers anything. The channel is
    closed and the server has ended its side of it when this returns."""
    try:
        async with connection.create_process(subsystem="sftp", encoding=None) as probe:
            probe.stdin.write(SFTP_INIT)
            answer = await probe.stdout.read(4)
    except (asyncssh.ChannelOpenError, BrokenPipeError):  # refused, or already ended before the greeting went out
        return False
    return bool(answer)
