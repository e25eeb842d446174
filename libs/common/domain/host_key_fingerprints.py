"""SSH host key fingerprints as `ssh-keygen -l` prints them (`SHA256:` and 43 base64 characters), checked."""

from __future__ import annotations

import re

_FINGERPRINT_RE = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")


class BadFingerprint(ValueError):
    """Text that is not a SHA256 host key fingerprint."""


def parse_fingerprint(text: str) -> str:
    """The fingerprint in its canonical form (`SHA256:…`, no '=' padding); BadFingerprint otherwise."""
    cleaned = text.strip().rstrip("=")
    if not _FINGERPRINT_RE.fullmatch(cleaned):
        raise BadFingerprint(
            f"{text[:80]!r} is not a host key fingerprint: expected 'SHA256:' and 43 base64 characters, "
            "as `ssh-keygen -l -f <key>` prints it"
        )
    return cleaned


def in_domains(host: str, domains: tuple[str, ...]) -> bool:
    """Whether `host` is one of `domains` or a name under one (`cam1.lab.example` is under `lab.example`)."""
    name = host.lower().removesuffix(".")
    return any(name == domain or name.endswith(f".{domain}") for domain in domains)


def domain_list(text: str) -> tuple[str, ...]:
    """The domains of a comma-separated setting, lower case, without empty entries or a trailing dot."""
    return tuple(part.strip().lower().removesuffix(".") for part in text.split(",") if part.strip(" ."))
