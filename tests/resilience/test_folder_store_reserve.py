"""The folder store's reserve: on a disk someone else filled, records still get written; freed space refills it."""

from __future__ import annotations

from pathlib import Path

import pytest

from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import StoreFull
from tests.resilience.disk_filler import fill

RESERVE = 1024**2


async def test_a_full_disk_refuses_images_but_takes_a_record_from_the_reserve_until_space_is_freed(
    small_disk: Path,
) -> None:
    store = LocalFolderStore(small_disk / "store", reserve_bytes=RESERVE)
    filler = fill(small_disk)

    with pytest.raises(StoreFull, match="disk is full"):
        await store.put("thumbs/a.webp", b"x" * 65536)
    await store.put_if("scans/s1/scan.json", b'{"status":"failed"}', None)
    with pytest.raises(StoreFull, match="not taken back yet"):
        await store.put("thumbs/a.webp", b"x" * 100)
    filler.unlink()
    await store.put("thumbs/a.webp", b"x" * 65536)

    assert await store.get("scans/s1/scan.json") == b'{"status":"failed"}'
    assert await store.list("") == ["scans/s1/scan.json", "thumbs/a.webp"]
    assert (small_disk / "store" / ".tmp-reserve").stat().st_size == RESERVE
