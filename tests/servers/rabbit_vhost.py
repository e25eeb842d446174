"""A throw-away RabbitMQ virtual host, so a test's queues never meet another run's leftovers."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit


@contextlib.contextmanager
def fresh_vhost(base_url: str) -> Iterator[str]:
    """Yield base_url pointed at a new vhost (rabbitmqctl on this machine), deleting it afterwards."""
    ctl = shutil.which("rabbitmqctl")
    host = urlsplit(base_url).hostname
    if ctl is None or host not in {"127.0.0.1", "localhost"}:
        yield base_url
        return
    name = f"sdb-test-{uuid.uuid4().hex[:10]}"
    user = urlsplit(base_url).username or "guest"
    subprocess.run([ctl, "add_vhost", name], check=True, capture_output=True, timeout=60)
    subprocess.run([ctl, "set_permissions", "-p", name, user, ".*", ".*", ".*"], check=True,
                   capture_output=True, timeout=60)
    parts = urlsplit(base_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, "/" + quote(name, safe=""), parts.query, parts.fragment))
    finally:
        subprocess.run([ctl, "delete_vhost", name], check=False, capture_output=True, timeout=60)
