"""Host name rules: what a camera's host (the id put into SDB_CAMERA_HOST_TEMPLATE) must be to be looked up."""

from __future__ import annotations

import ipaddress
import re

MAX_LABEL = 63
MAX_NAME = 253
# RFC 1123 labels (letters, digits, inner hyphens), plus '_' that LAN names often carry; ASCII only
_LABEL_RE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?")


def host_name_problem(host: str) -> str | None:
    """Why host cannot be looked up as a host name (a label over 63 characters, a label ending in '-', ...);
    None for a valid host name or an IP address."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    name = host.removesuffix(".")
    if not name:
        return "it is empty"
    if len(name) > MAX_NAME:
        return f"it is {len(name)} characters long (at most {MAX_NAME})"
    for label in name.split("."):
        if len(label) > MAX_LABEL:
            return f"its label {label[:24]}… is {len(label)} characters long (at most {MAX_LABEL})"
        if not _LABEL_RE.fullmatch(label):
            return (f"its label {label[:40]!r} is not letters, digits, '-' and '_' that start and end with a letter, "
                    f"digit or '_'")
    return None
