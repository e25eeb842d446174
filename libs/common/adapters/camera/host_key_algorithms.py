"""Which host key algorithms to offer a camera: the expected key's first, then OpenSSH's default order.

asyncssh's own default list starts with RSA; a dropbear whose only host key is ed25519 picks that and aborts the
key exchange (`Failed assertion (rsa.c:164)` in 2022.83). OpenSSH's order starts with ed25519, so it connects.
"""

from __future__ import annotations

from collections.abc import Iterable

import asyncssh

# OpenSSH 9's default HostKeyAlgorithms (ssh -Q HostKeyAlgorithms order), certificates first
OPENSSH_CERTIFICATE_ORDER = (
    "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
    "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
    "sk-ssh-ed25519-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
    "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
)
OPENSSH_KEY_ORDER = (
    "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512", "rsa-sha2-256",
    "ssh-rsa",  # last, and beyond OpenSSH's list: old camera firmware signs with nothing else
)


def host_key_algorithms(expected: Iterable[asyncssh.SSHKey], certificates: bool) -> list[str]:
    """The algorithms to offer: certificates' (when a fleet CA is set), then those of the expected keys, then the
    rest of OpenSSH's order."""
    first = [alg.decode() for key in expected for alg in key.sig_algorithms]
    ordered = [*(OPENSSH_CERTIFICATE_ORDER if certificates else ()), *first, *OPENSSH_KEY_ORDER]
    return list(dict.fromkeys(ordered))
