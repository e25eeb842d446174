"""Validation of object keys shared by every store adapter."""

from __future__ import annotations

import re

_KEY_RE = re.compile(r"^[A-Za-z0-9_.=-]+(/[A-Za-z0-9_.=-]+)*$")


def check_key(key: str) -> str:
    """Return key if it is a safe relative key (no '..', no leading '/'), else raise ValueError."""
    if not _KEY_RE.fullmatch(key) or any(part in {".", ".."} for part in key.split("/")):
        raise ValueError(f"invalid object key {key!r}")
    return key
