"""The trust store: the host key an operator trusted per camera, in the object store every process shares."""

from __future__ import annotations

from dataclasses import dataclass

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import utc_now


@dataclass(frozen=True)
class TrustedHostKey:
    """One camera's trusted host key: the OpenSSH public key line, its algorithm and SHA256 fingerprint."""

    camera_id: str
    algorithm: str
    fingerprint: str
    public_key: str
    trusted_by: str  # "operator" (the trust action) or "first use" (a SDB_CAMERA_TOFU_DOMAINS camera)
    time: str


async def read_trusted_key(store: ObjectStore, camera_id: str) -> TrustedHostKey | None:
    """The key trusted for the camera, or None when nobody trusted one (a malformed document counts as none)."""
    try:
        doc = await get_json(store, keys.trusted_host_key(camera_id))
    except ObjectMissing:
        return None
    try:
        return TrustedHostKey(camera_id=camera_id, algorithm=str(doc["algorithm"]),
                              fingerprint=str(doc["fingerprint"]), public_key=str(doc["public_key"]),
                              trusted_by=str(doc.get("trusted_by", "operator")), time=str(doc.get("time", "")))
    except (KeyError, TypeError):
        return None


async def save_trusted_key(store: ObjectStore, camera_id: str, *, algorithm: str, fingerprint: str,
                           public_key: str, trusted_by: str) -> TrustedHostKey:
    """Trust this key for the camera, replacing the key trusted before (if any)."""
    trusted = TrustedHostKey(camera_id=camera_id, algorithm=algorithm, fingerprint=fingerprint,
                             public_key=public_key, trusted_by=trusted_by, time=utc_now().isoformat())
    await put_json(store, keys.trusted_host_key(camera_id), trusted.__dict__)
    return trusted
