"""Where each result lives in the object store; every key derives from ids and fingerprints."""

from __future__ import annotations

from libs.common.domain.clip_identity import ClipRef


def scan_doc(scan_id: str) -> str:
    """The scan's status document."""
    return f"scans/{scan_id}/scan.json"


def scan_marker_prefix(scan_id: str, kind: str) -> str:
    """Folder of per-clip markers of one kind ('thumbs', 'previews', 'failed', 'settled')."""
    return f"scans/{scan_id}/{kind}/"


def scan_marker(scan_id: str, kind: str, clip_id: str) -> str:
    """One clip's marker of one kind in a scan."""
    return f"{scan_marker_prefix(scan_id, kind)}{clip_id}"


def camera_doc(camera_id: str, name: str) -> str:
    """A per-camera document: 'camera', 'storage', 'schedule', 'active_scan'."""
    return f"cameras/{camera_id}/{name}.json"


def watch_doc(watch_id: str) -> str:
    """A watch's record (documents/watch_lifecycle.py)."""
    return f"{WATCH_PREFIX}{watch_id}.json"


WATCH_PREFIX = "watches/"


def issue_history_doc(camera_id: str) -> str:
    """Every issue a watch of the camera found, by issue id, with first and last sighting."""
    return f"cameras/{camera_id}/issues.json"


OUTBOX_PREFIX = "outbox/"


def outbox_doc(delivery_id: str) -> str:
    """One webhook delivery not yet confirmed by its receiver."""
    return f"{OUTBOX_PREFIX}{delivery_id}.json"


def day_doc(camera_id: str, date: str) -> str:
    """The clip list of one day."""
    return f"cameras/{camera_id}/days/{date}.json"


def day_prefix(camera_id: str) -> str:
    """Folder of a camera's day documents."""
    return f"cameras/{camera_id}/days/"


def facts_prefix(camera_id: str, date: str) -> str:
    """Folder of a day's cached clip facts."""
    return f"clips/{camera_id}/{date}/"


def clip_facts(ref: ClipRef) -> str:
    """Cached facts of one clip version."""
    return f"{facts_prefix(ref.camera_id, ref.date)}{ref.fingerprint}.json"


def clip_keyframes(ref: ClipRef) -> str:
    """Keyframe bytes read from the camera for the thumbnailers."""
    return f"keyframes/{ref.camera_id}/{ref.date}/{ref.fingerprint}.bin"


def image_prefix(kind: str, camera_id: str, date: str) -> str:
    """Folder of a day's images of one kind ('thumbs', 'previews', 'image-errors')."""
    return f"{kind}/{camera_id}/{date}/"


def clip_image(kind: str, ref: ClipRef, ext: str = "webp") -> str:
    """One clip's image of one kind."""
    return f"{image_prefix(kind, ref.camera_id, ref.date)}{ref.fingerprint}.{ext}"


def clip_render(ref: ClipRef, name: str) -> str:
    """An image of one clip rendered on request, e.g. 'still-k3-640.webp' or 'preview-320.gif'."""
    return f"renders/{ref.camera_id}/{ref.date}/{ref.fingerprint}/{name}"


def sprite_sheet(camera_id: str, date: str, name: str) -> str:
    """An hour's sprite sheet or its index, e.g. '05-<digest>.webp' / '05-<digest>.json'."""
    return f"sprites/{camera_id}/{date}/{name}"


def render_error(output_key: str) -> str:
    """Why a requested render failed for good (beside where the render would be)."""
    return f"{output_key}.error.json"


def fingerprints_in(listed_keys: list[str]) -> set[str]:
    """The fingerprints named by a listing of '<prefix><fingerprint>.<ext>' keys (facts, images)."""
    return {key.rsplit("/", 1)[-1].split(".", 1)[0] for key in listed_keys}


def trusted_host_key(camera_id: str) -> str:
    """The host key an operator trusted for a camera (outside cameras/, so trust alone lists no camera)."""
    return f"trust/host-keys/{camera_id}.json"
