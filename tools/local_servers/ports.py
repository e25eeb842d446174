"""Free TCP ports on the loopback interface for servers started by tests."""

from __future__ import annotations

import contextlib
import socket


def free_ports(count: int) -> list[int]:
    """count distinct ports nothing listens on right now (held open together so they differ)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def free_port() -> int:
    """One port nothing listens on (handy for 'server is down' tests)."""
    return free_ports(1)[0]
