"""Reading the card's own state once per scan: mount, kernel log, identity; a part that fails is 'not available'."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import structlog

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.store.port import ObjectStore, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.card_health import CardHealthRecord, CardIdentity
from libs.common.contracts.records import utc_now
from libs.common.documents.card_health import load_card_health
from libs.common.domain.card_health import (
    card_mount,
    kernel_io_errors,
    last_seen_error,
    mmc_block_device,
    replaced_identity,
)
from services.collector.camera_port import CardSession

log = structlog.get_logger(__name__)

MOUNTS_FILE = "/proc/mounts"
IDENTITY_FIELDS = ("name", "manfid", "oemid", "date", "serial")
SMALL_FILE_BYTES = 64 * 1024
KERNEL_LOG_BYTES = 512 * 1024
Result = TypeVar("Result")


async def _attempt(part: str, reading: Awaitable[Result], missing: dict[str, str]) -> Result | None:
    """The reading's result, or None with the reason noted under `part`."""
    try:
        return await reading
    except CameraError as exc:
        missing[part] = str(exc)
        return None


async def _identity(session: CardSession, block: str, missing: dict[str, str]) -> CardIdentity | None:
    """The card's /sys/block/<block>/device fields; None when the camera exposes none of them."""
    folder = f"/sys/block/{block}/device"
    values = await asyncio.gather(*(_attempt("identity", session.read_text(f"{folder}/{name}", SMALL_FILE_BYTES), {})
                                    for name in IDENTITY_FIELDS))
    found = {name: value.strip() for name, value in zip(IDENTITY_FIELDS, values, strict=True) if value is not None}
    if not found:
        missing["identity"] = f"the camera exposes nothing under {folder}"
        return None
    return CardIdentity(block_device=block, **found)


async def read_card_health(session: CardSession, sd_root: str, previous: CardHealthRecord | None = None,
                           boot_id: str | None = None) -> CardHealthRecord:
    """Mount entry of the card root, kernel I/O error lines and the SD card's identity, as far as the camera lets us.

    Compared with the previous scan's record: which kernel error lines are new in this boot (boot_id when the scan
    knows it; without one, the log itself tells), and whether the card was swapped.
    """
    missing: dict[str, str] = {}
    mounts = await _attempt("mount", session.read_text(MOUNTS_FILE, SMALL_FILE_BYTES), missing)
    mount = card_mount(mounts, sd_root) if mounts is not None else None
    if mounts is not None and mount is None:
        missing["mount"] = f"no line of {MOUNTS_FILE} holds {sd_root}"
    kernel = await _attempt("kernel_log", session.command_output(["dmesg"], KERNEL_LOG_BYTES), missing)
    identity = None
    block = mmc_block_device(mount.device) if mount is not None else None
    if block is not None:
        identity = await _identity(session, block, missing)
    else:
        missing["identity"] = ("the card's device is not known" if mount is None
                               else f"the card's device {mount.device} is not an SD (mmcblk) device")
    seen_until = last_seen_error(previous, boot_id)
    return CardHealthRecord(read=utc_now(), mount=mount, identity=identity, not_available=missing, boot_id=boot_id,
                            replaced=replaced_identity(previous, identity),
                            kernel_log=kernel_io_errors(*kernel, seen_until) if kernel is not None else None)


async def store_card_health(store: ObjectStore, session: CardSession, target: CameraTarget,
                            boot_id: str | None = None) -> None:
    """Read the card's state and store it as the camera's 'card_health' document; never fails the scan."""
    previous = await load_card_health(store, target.camera_id)
    record = await read_card_health(session, target.sd_root, previous, boot_id)
    if record.not_available:
        log.info("card state partly not available", camera_id=target.camera_id, parts=sorted(record.not_available))
    await put_json(store, keys.camera_doc(target.camera_id, "card_health"), record.model_dump(mode="json"))
