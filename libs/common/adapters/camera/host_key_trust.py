"""Which host keys a camera may present, decided before connecting: pinned in the cameras file, trusted by an
operator (the shared trust store), listed in known_hosts, or certified by the fleet CA. Anything else is refused
during the key exchange, before a password or key is offered; trust on first use only in SDB_CAMERA_TOFU_DOMAINS."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import structlog

from libs.common.adapters.camera.errors import (
    CameraError,
    CameraHostKeyChanged,
    CameraHostKeyNotTrusted,
    CameraHostKeyUnknown,
)
from libs.common.adapters.camera.host_key_algorithms import host_key_algorithms
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.store.port import ObjectStore
from libs.common.documents.host_key_trust import TrustedHostKey, read_trusted_key, save_trusted_key
from libs.common.domain.host_key_fingerprints import in_domains

log = structlog.get_logger(__name__)

KnownHostsArg = tuple[list[asyncssh.SSHKey], list[asyncssh.SSHKey], list[asyncssh.SSHKey]]


def fingerprint_of(key: asyncssh.SSHKey) -> str:
    """The key's SHA256 fingerprint as `ssh-keygen -l` prints it."""
    return key.get_fingerprint("sha256")


@dataclass(frozen=True)
class HostKeyPolicy:
    """What one connection to one camera trusts: whole keys with their source, pins, CA keys, first use."""

    target: CameraTarget
    key_sources: dict[str, str] = field(default_factory=dict)  # fingerprint -> "operator" | "known_hosts"
    keys: tuple[asyncssh.SSHKey, ...] = ()
    ca_keys: tuple[asyncssh.SSHKey, ...] = ()
    first_use: bool = False  # no key is expected and the host is in a trust-on-first-use domain

    def source_of(self, key: asyncssh.SSHKey) -> str | None:
        """Why `key` is trusted ("pinned", "operator", "known_hosts"), or None when it is not."""
        fingerprint = fingerprint_of(key)
        if fingerprint == self.target.host_key_fingerprint:
            return "pinned"
        return self.key_sources.get(fingerprint)

    @property
    def expects_a_key(self) -> bool:
        """Whether any key, pin or CA speaks for this camera (a different key is then a changed key)."""
        return bool(self.keys or self.ca_keys or self.target.host_key_fingerprint)

    def known_hosts(self) -> KnownHostsArg:
        """asyncssh's known_hosts argument: the whole keys and the CA keys; pins are checked by the client."""
        return list(self.keys), list(self.ca_keys), []

    def algorithms(self) -> list[str]:
        """The host key algorithms to offer, the expected key's first."""
        return host_key_algorithms(self.keys, certificates=bool(self.ca_keys))

    def trust_command(self, fingerprint: str) -> str:
        """The command that trusts `fingerprint` for this camera."""
        return f"sdb camera trust-key {self.target.camera_id} --fingerprint {fingerprint}"


class HostKeyTrust:
    """Builds each connection's HostKeyPolicy and records the keys operators (or first use) trust."""

    def __init__(self, store: ObjectStore, *, known_hosts: Path | None, ca_keys: Path | None,
                 tofu_domains: tuple[str, ...]) -> None:
        """Trust store in `store`; optional known_hosts and CA files (read on each connect, never written)."""
        self._store = store
        self._known_hosts = known_hosts
        self._ca_keys = ca_keys
        self._tofu_domains = tofu_domains

    async def policy_for(self, target: CameraTarget) -> HostKeyPolicy:
        """What a connection to `target` may trust now."""
        sources: dict[str, str] = {}
        keys: list[asyncssh.SSHKey] = []
        listed, listed_cas = self._from_file(self._known_hosts, target, "known_hosts")
        certifying = self._from_file(self._ca_keys, target, "SDB_CAMERA_CA_KEYS")[1]
        for key in listed:
            sources.setdefault(fingerprint_of(key), "known_hosts")
            keys.append(key)
        trusted = await read_trusted_key(self._store, target.camera_id)
        if trusted is not None:
            keys.append(asyncssh.import_public_key(trusted.public_key))
            sources[trusted.fingerprint] = "operator"
        policy = HostKeyPolicy(target, sources, tuple(keys), tuple([*listed_cas, *certifying]))
        if not policy.expects_a_key and in_domains(target.host, self._tofu_domains):
            return HostKeyPolicy(target, first_use=True)
        return policy

    async def trust(self, target: CameraTarget, key: asyncssh.SSHKey, trusted_by: str = "operator") -> TrustedHostKey:
        """Trust `key` for the camera from now on, in every process (replaces the key trusted before)."""
        fingerprint = fingerprint_of(key)
        log.warning("camera host key trusted", camera_id=target.camera_id, fingerprint=fingerprint,
                    trusted_by=trusted_by)
        return await save_trusted_key(self._store, target.camera_id, algorithm=key.get_algorithm(),
                                      fingerprint=fingerprint, trusted_by=trusted_by,
                                      public_key=key.export_public_key("openssh").decode().strip())

    def refusal(self, policy: HostKeyPolicy, presented: asyncssh.SSHKey | None) -> CameraHostKeyNotTrusted:
        """The error for a camera whose key no source trusts, naming the key and the command that trusts it."""
        target = policy.target
        where = f"camera {target.camera_id} at {target.host}:{target.port}"
        if presented is None:
            return CameraHostKeyChanged(f"{where} presented a host certificate that no trusted CA signed; no "
                                        "password or key was sent", None)
        fingerprint = fingerprint_of(presented)
        seen = f"{presented.get_algorithm()} key {fingerprint}"
        advice = (f"no password or key was sent. If this is the camera, trust its key: "
                  f"`{policy.trust_command(fingerprint)}` (or *Trust this camera* on its page)")
        if policy.expects_a_key:
            log.warning("camera host key changed", camera_id=target.camera_id, presented=fingerprint)
            return CameraHostKeyChanged(f"host key of camera {target.camera_id} at {target.host}:{target.port} "
                                        f"changed: it presented {seen}, not {_expected(policy)}; {advice}",
                                        fingerprint)
        return CameraHostKeyUnknown(f"{where} presented a host key nobody trusted yet ({seen}); {advice}",
                                    fingerprint)

    def _from_file(self, path: Path | None, target: CameraTarget,
                   setting: str) -> tuple[list[asyncssh.SSHKey], list[asyncssh.SSHKey]]:
        """The host keys and CA keys an OpenSSH known_hosts-format file lists for the target's host and port."""
        if path is None or not path.exists():
            return [], []
        try:
            port = target.port if target.port != 22 else None  # OpenSSH writes `host` for 22, `[host]:port` else
            matched = asyncssh.read_known_hosts(str(path)).match(target.host, "", port)
        except (OSError, ValueError) as error:
            raise CameraError(f"the trusted keys of {setting} cannot be read ({type(error).__name__}); "
                              "fix or remove that file") from error
        return list(matched[0]), list(matched[1])


def _expected(policy: HostKeyPolicy) -> str:
    """The keys a camera was expected to present, for messages."""
    shown = [f"{key.get_algorithm()} key {fingerprint_of(key)}" for key in policy.keys]
    if policy.target.host_key_fingerprint:
        shown.append(f"the pinned {policy.target.host_key_fingerprint}")
    if policy.ca_keys:
        shown.append("a certificate of the fleet CA")
    return " or ".join(shown)
